import { afterAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
  createUser,
} from '../../../tests/support/factories.ts';
import type { ServiceContext } from '../access/service-context.ts';
import { createAgent } from '../agents/agents.server.ts';
import { saveDraft } from '../agents/draft.server.ts';
import { sendTestTurn, startTestSession } from '../agents/console-sessions.server.ts';
import { db, disconnectDb } from '../db.ts';
import { replaceSourceChunks } from './chunk-store.server.ts';

afterAll(disconnectDb);

describe('the runtime knowledge port', () => {
  it('answers a test conversation from the project’s knowledge base, citing the chunk', async () => {
    const projectId = (await createProject(db(), 'KB port')).id;
    const user = await createUser(db());
    await addMember(db(), projectId, user.id, 'builder');
    const ctx: ServiceContext = {
      access: { actor: { type: 'user', id: user.id, user }, user, projectId, role: 'builder' },
      client: { ip: '127.0.0.1', userAgent: 'test' },
    };
    const kb = await createKnowledgeBase(db(), projectId, 'Часы');
    const source = await createKnowledgeSource(
      db(),
      { id: kb.id, projectId: projectId },
      { kind: 'qa', name: 'FAQ' },
    );
    await replaceSourceChunks(source, [
      {
        index: 0,
        hash: 'h0',
        text: 'Клиника работает с 9:00 до 21:00 без выходных.',
        headingPath: ['Часы работы'],
        searchText: 'Часы работы\nКлиника работает с 9:00 до 21:00 без выходных.',
        language: 'ru',
        textSearchConfig: 'russian',
        charCount: 45,
        tokenEstimate: 12,
        blockKinds: ['paragraph'],
      },
    ]);
    const agent = await createAgent(ctx, {
      name: 'FAQ',
      language: 'ru',
      voice: '',
      description: '',
      tags: [],
      template: 'blank',
    });
    const graph = {
      schemaVersion: 2,
      knowledgeBases: [{ id: kb.id, name: 'Часы' }],
      nodes: [
        { id: 'start', type: 'start', data: {} },
        {
          id: 'ask',
          type: 'ask',
          data: { prompt: 'Что вас интересует?', slotType: 'free_text', variable: 'q' },
        },
        { id: 'kb', type: 'knowledge', data: { query: '{{q}}', knowledgeBaseIds: [kb.id] } },
        { id: 'answer', type: 'say', data: { text: '{{knowledge_text}}' } },
        { id: 'unknown', type: 'say', data: { text: 'Не знаю.' } },
        { id: 'end', type: 'end', data: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
        { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'kb' },
        { id: 'e3', source: 'kb', sourceHandle: 'found', target: 'answer' },
        { id: 'e4', source: 'kb', sourceHandle: 'not_found', target: 'unknown' },
        { id: 'e5', source: 'answer', sourceHandle: 'next', target: 'end' },
        { id: 'e6', source: 'unknown', sourceHandle: 'next', target: 'end' },
      ],
    };
    await saveDraft(ctx, agent.id, { graph, revision: agent.draft.revision });
    const { session } = await startTestSession(ctx, agent.id, undefined);
    const turn = await sendTestTurn(ctx, agent.id, session.id, { text: 'до скольки вы работаете?' });
    expect(turn.replies.join(' ')).toContain('с 9:00 до 21:00');
    // The trace says which passage the answer came from, with its source and a 0..1 relevance.
    const used = turn.trace.knowledgeQueries[0]!;
    expect(used).toMatchObject({ nodeId: 'kb', results: 1, ok: true });
    expect(used.chunks).toEqual([
      { id: expect.any(String), sourceId: source.id, source: 'FAQ', score: expect.any(Number) },
    ]);
    expect(used.chunks[0]!.score).toBeGreaterThanOrEqual(0.3);
    expect(used.chunks[0]!.score).toBeLessThanOrEqual(1);

    // An Agent node without an LLM answers from the same passage (its bar is a relevance of 0.3).
    const agentGraph = {
      ...graph,
      nodes: [
        { id: 'start', type: 'start', data: {} },
        { id: 'agent', type: 'agent', data: { goal: 'Answer questions', knowledgeBaseIds: [kb.id] } },
        { id: 'end', type: 'end', data: {} },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'agent' }],
    };
    const draft = await db().agent.findUniqueOrThrow({ where: { id: agent.id } });
    await saveDraft(ctx, agent.id, { graph: agentGraph, revision: draft.draftRevision });
    const second = await startTestSession(ctx, agent.id, undefined);
    const answer = await sendTestTurn(ctx, agent.id, second.session.id, {
      text: 'до скольки работает клиника?',
    });
    expect(answer.replies.join(' ')).toContain('с 9:00 до 21:00');
    expect(answer.trace.knowledgeQueries[0]?.chunks[0]?.sourceId).toBe(source.id);
  });
});
