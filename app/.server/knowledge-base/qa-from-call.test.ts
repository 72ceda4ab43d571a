import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createCall,
  createKnowledgeBase,
  createProject,
  createUser,
} from '../../../tests/support/factories.ts';
import type { ServiceContext } from '../access/service-context.ts';
import { db, disconnectDb } from '../db.ts';
import { addQaFromCall } from './qa-from-call.server.ts';
import { searchChunks } from './search.server.ts';

let ctx: ServiceContext;
let projectId: string;
let kbId: string;
let callId: string;
let foreignCallId: string;

async function call(project: string) {
  const row = await createCall(db(), project, {
    externalId: crypto.randomUUID(),
    direction: 'inbound',
    startedAt: new Date(),
  });
  return row.id;
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'KB from call')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'builder');
  ctx = {
    access: { actor: { type: 'user', id: user.id, user }, user, projectId, role: 'builder' },
    client: { ip: '127.0.0.1', userAgent: 'test' },
  };
  kbId = (await createKnowledgeBase(db(), projectId, 'FAQ')).id;
  callId = await call(projectId);
  foreignCallId = await call((await createProject(db(), 'KB from call other')).id);
});
afterAll(disconnectDb);

describe('add to knowledge base from a call', () => {
  it('turns the question and corrected answer into a Q&A entry, searchable at once, linked to the call', async () => {
    const source = await addQaFromCall(ctx, {
      knowledgeBaseId: kbId,
      callId,
      question: 'Вы принимаете по субботам?',
      answer: 'Да, по субботам с 10:00 до 16:00.',
    });
    expect(source).toMatchObject({ kind: 'qa', status: 'ready', chunkCount: 1, originCallId: callId });
    const hits = await searchChunks(projectId, 'работаете ли в субботу');
    expect(hits[0]).toMatchObject({ sourceId: source.id });
    expect(hits[0]?.text).toContain('10:00 до 16:00');
    const audit = await db().auditLog.findFirst({ where: { projectId, targetId: source.id } });
    expect(audit?.action).toBe('knowledge.source_add');
  });

  it('refuses another project’s call and empty answers, changing nothing', async () => {
    const before = await db().knowledgeSource.count({ where: { projectId } });
    await expect(
      addQaFromCall(ctx, {
        knowledgeBaseId: kbId,
        callId: foreignCallId,
        question: 'Есть парковка?',
        answer: 'Да.',
      }),
    ).rejects.toMatchObject({ status: 400, code: 'call_not_found' });
    await expect(
      addQaFromCall(ctx, { knowledgeBaseId: kbId, callId, question: 'Есть парковка?', answer: '  ' }),
    ).rejects.toThrow();
    expect(await db().knowledgeSource.count({ where: { projectId } })).toBe(before);
  });
});
