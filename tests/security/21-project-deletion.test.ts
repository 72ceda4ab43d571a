// Issue 14, item 21: there was no way to delete a project. Owners now can (API and settings screen),
// confirmed by its name and audited; at once every page and API of it answers 404, its API keys stop, its
// numbers stop routing, its live calls end and its trunks un-register; a worker job then removes its rows,
// recordings and Redis keys, and the audit entry stays.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createCall,
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
  createPublishedAgent,
  createUser,
} from '../support/factories';
import { bearerFor, callRoute, type RouteModule } from '../support/route-call';
import { createApiKey } from '~/.server/api-keys/api-keys.server';
import { auditHash } from '~/.server/audit/audit-hash';
import { authContext } from '~/.server/auth/auth-context.server';
import { applyCallEvents } from '~/.server/calls/call-writer.server';
import { db, disconnectDb } from '~/.server/db';
import { createLogger } from '~/.server/logger';
import { projectsChannel } from '~/.server/projects/project-events.server';
import { closeQueues } from '~/.server/queues';
import { bullPrefix, createRedis } from '~/.server/redis';
import { closeTelephonyRedis, telephonyChannel } from '~/.server/telephony/telephony-bus.server';
import { routeDialled } from '~/.server/telephony/inbound-route.server';
import * as projectApi from '~/routes/api.v1.projects.$projectId';
import * as projectsApi from '~/routes/api.v1.projects';
import * as agentsApi from '~/routes/api.v1.projects.$projectId.agents';
import * as callsApi from '~/routes/api.v1.projects.$projectId.calls';
import * as kbsApi from '~/routes/api.v1.projects.$projectId.knowledge-bases';
import * as connectionsApi from '~/routes/api.v1.projects.$projectId.sip-connections';
import * as membersApi from '~/routes/api.v1.projects.$projectId.members';
import * as auditApi from '~/routes/api.v1.projects.$projectId.audit-log';
import * as layoutPage from '~/routes/p.$projectId';
import * as settingsPage from '~/routes/p.$projectId.settings';
import { CallRegistry } from '../../media-server/src/call/call-registry';
import { startProjectShutdown } from '../../media-server/src/call/project-shutdown';
import { removeDeletedProject } from '../../workers/jobs/remove-project';

const redisConfig = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const redis = createRedis(redisConfig);
const recordingsDir = mkdtempSync(join(tmpdir(), 'vp-recordings-'));

const who: Record<string, Record<string, string>> = {};
let ownerId: string;
let projectId: string;
let keptProjectId: string;
let apiKey: string;
let connectionId: string;
let recordingPath: string;
const ADDRESS = '+74950000021';
const NAME = 'Клиника «Улыбка»';

async function call(mod: RouteModule, method: string, as: Record<string, string>, body?: unknown) {
  const res = await callRoute(mod, { method, path: '/api/v1/x', params: { projectId }, headers: as, body });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  process.env.RECORDINGS_DIR = recordingsDir;
  const owner = await createUser(db());
  ownerId = owner.id;
  projectId = (await createProject(db(), NAME)).id;
  keptProjectId = (await createProject(db(), 'Kept')).id;
  await addMember(db(), projectId, owner.id, 'owner');
  await addMember(db(), keptProjectId, owner.id, 'owner');
  who.owner = await bearerFor(owner.id);
  for (const role of ['admin', 'builder'] as const) {
    const user = await createUser(db());
    await addMember(db(), projectId, user.id, role);
    who[role] = await bearerFor(user.id);
  }
  who.stranger = await bearerFor((await createUser(db())).id);
  who.anonymous = {};
  const { agent, version } = await createPublishedAgent(db(), projectId, {
    name: 'Receptionist',
    language: 'ru',
    graph: { schemaVersion: 1, nodes: [], edges: [] },
    address: ADDRESS,
  });
  await db().user.update({ where: { id: owner.id }, data: { lastProjectId: projectId } });
  const key = await createApiKey(
    {
      access: {
        actor: { type: 'user', id: owner.id, user: { id: owner.id, email: owner.email, name: null } },
        user: null,
        projectId,
        role: 'owner',
      },
      client: { ip: '127.0.0.1', userAgent: 'test' },
    },
    { name: 'ci', role: 'admin' },
  );
  apiKey = key.token;
  who.apiKey = { authorization: `Bearer ${apiKey}` };
  const created = await call(connectionsApi, 'POST', who.owner, {
    name: 'Trunk',
    provider: 'generic',
    host: 'sip.example.com',
    username: '1001',
    password: 'trunk-password-1',
  });
  connectionId = (JSON.parse(created.text) as { id: string }).id;
  await redis.set(`telephony:registration:${connectionId}`, '{}', 'EX', 600);
  // A finished call with a recording on disk, and a live one with its conversation in Redis.
  recordingPath = join(recordingsDir, 'call-1.wav');
  writeFileSync(recordingPath, 'RIFF');
  const done = await createCall(db(), projectId, {
    externalId: 'sip-done',
    direction: 'inbound',
    startedAt: new Date(),
    status: 'ended',
    agentId: agent.id,
    versionId: version.id,
  });
  await db().callTurn.create({
    data: { projectId, callId: done.id, seq: 1, turnIndex: 0, speaker: 'agent', text: 'Здравствуйте' },
  });
  await db().callRecording.create({ data: { projectId, callId: done.id, path: recordingPath } });
  await createCall(db(), projectId, {
    externalId: 'sip-live',
    direction: 'inbound',
    startedAt: new Date(),
    status: 'live',
  });
  await redis.hset('conv:sip-live', 'state', '{}');
  const kb = await createKnowledgeBase(db(), projectId, 'Docs');
  await createKnowledgeSource(
    db(),
    { id: kb.id, projectId: projectId },
    { kind: 'qa', name: 'Q', question: 'Q?', answer: 'A' },
  );
  await db().callView.create({ data: { projectId, userId: owner.id, name: 'Mine', filters: {} } });
  await db().callAnalysisConfig.create({ data: { projectId, agentId: agent.id } });
});

afterAll(async () => {
  await closeQueues();
  await closeTelephonyRedis();
  await redis.quit();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('deleting a project', () => {
  it('only its owners may: others get 403 (or 404 when not members, 401 without credentials)', async () => {
    const body = { name: NAME };
    expect((await call(projectApi, 'DELETE', who.anonymous!, body)).status).toBe(401);
    expect((await call(projectApi, 'DELETE', who.stranger!, body)).status).toBe(404);
    expect((await call(projectApi, 'DELETE', who.admin!, body)).status).toBe(403);
    expect((await call(projectApi, 'DELETE', who.builder!, body)).status).toBe(403);
    expect((await call(projectApi, 'DELETE', who.apiKey!, body)).status).toBe(403);
    expect((await db().project.findUniqueOrThrow({ where: { id: projectId } })).deletedAt).toBeNull();
    // The settings screen offers it to owners only.
    const asAdmin = await callRoute(settingsPage, {
      method: 'GET',
      path: '/p/x/settings',
      params: { projectId },
      headers: who.admin!,
    });
    expect(await asAdmin.json()).toMatchObject({ canDelete: false });
  });

  it('must be confirmed with the project’s exact name', async () => {
    const wrong = await call(projectApi, 'DELETE', who.owner!, { name: 'Клиника' });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text)).toMatchObject({ error: { fields: { name: [expect.any(String)] } } });
    expect(await db().membership.count({ where: { projectId } })).toBe(3);
  });

  it('stops everything that reaches it at once, ends its calls, and is audited', async () => {
    // A media server's side: a live call of the project (and one of another project, which must go on).
    const registry = new CallRegistry({ maxCallsPerProject: 0 });
    const ended: string[] = [];
    const tracked = (callId: string, owner: string) => {
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      const reservation = registry.reserve(owner);
      if ('refused' in reservation) throw new Error('refused');
      reservation.attach({
        callId,
        done,
        end: async (reason) => {
          ended.push(`${callId}:${reason}`);
          finish();
        },
      });
    };
    tracked('sip-live', projectId);
    tracked('other-call', keptProjectId);
    const shutdown = await startProjectShutdown(redis.duplicate(), registry, createLogger('test', 'silent'));
    const listener = redis.duplicate();
    const heard: string[] = [];
    listener.on('message', (_channel: string, raw: string) => heard.push(raw));
    await listener.subscribe(projectsChannel(), telephonyChannel());
    expect((await routeDialled(ADDRESS)).ok).toBe(true);
    try {
      const res = await call(projectApi, 'DELETE', who.owner!, { name: NAME });
      expect(res.status).toBe(202);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (ended.length === 0 || heard.length < 2))
        await new Promise((r) => setTimeout(r, 50));
      expect(ended).toEqual(['sip-live:local_hangup']);
      expect(heard.map((m) => JSON.parse(m) as { type: string })).toEqual(
        expect.arrayContaining([
          { type: 'project.deleted', projectId },
          { type: 'connection.changed', projectId, connectionId },
        ]),
      );
    } finally {
      await shutdown.close();
      await listener.quit();
    }
    // Every page and API of it: 404 for its former owner; its API key no longer works; its number routes nowhere.
    for (const mod of [projectApi, agentsApi, callsApi, kbsApi, connectionsApi, membersApi, auditApi])
      expect((await call(mod, 'GET', who.owner!)).status).toBe(404);
    for (const mod of [layoutPage, settingsPage]) {
      const page = await callRoute(mod, {
        method: 'GET',
        path: '/p/x',
        params: { projectId },
        headers: who.owner!,
      });
      expect(page.status).toBe(404);
    }
    expect((await call(agentsApi, 'GET', who.apiKey!)).status).toBe(401);
    const list = await callRoute(projectsApi, {
      method: 'GET',
      path: '/api/v1/projects',
      params: {},
      headers: who.owner!,
    });
    expect(((await list.json()) as { projects: { id: string }[] }).projects.map((p) => p.id)).toEqual([
      keptProjectId,
    ]);
    expect(await routeDialled(ADDRESS, Date.now() + 60_000)).toMatchObject({ ok: false, status: 404 });
    expect(await db().sipConnection.count({ where: { projectId } })).toBe(0);
    expect(await db().credential.count({ where: { projectId } })).toBe(0);
    expect(await redis.exists('conv:sip-live')).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: ownerId } })).lastProjectId).toBeNull();
    // Deleting twice finds nothing.
    expect((await call(projectApi, 'DELETE', who.owner!, { name: NAME })).status).toBe(404);
    const audit = await db().auditLog.findFirstOrThrow({ where: { projectId, action: 'project.delete' } });
    expect(audit).toMatchObject({
      actorUserId: ownerId,
      targetId: projectId,
      diff: { before: { name: NAME } },
    });
    // Its removal is queued for the workers.
    const queue = new Queue('maintenance', {
      connection: createRedis({ ...redisConfig, REDIS_PREFIX: '' }),
      prefix: bullPrefix(redisConfig),
    });
    try {
      expect(await queue.getJob(`remove-project-${projectId}`)).toMatchObject({
        data: { projectId, connectionIds: [connectionId] },
      });
    } finally {
      await queue.close();
    }
  });

  it('a late event of one of its calls is dropped, not retried forever', async () => {
    await expect(
      applyCallEvents(db(), [
        {
          sourceId: '1-0',
          event: {
            type: 'call.started',
            callId: 'late',
            at: Date.now(),
            projectId,
            direction: 'inbound',
            from: '',
            to: '',
            sampleRate: 8000,
          },
        },
      ]),
    ).resolves.toEqual({ ended: [] });
    expect(await db().call.count({ where: { externalId: 'late' } })).toBe(0);
  });

  it('the removal job removes its rows, recordings and Redis keys, and keeps the audit entry', async () => {
    const result = await removeDeletedProject({ db: db(), redis, recordingsDir }, projectId, [connectionId]);
    expect(result).toMatchObject({ removed: true, calls: 2, recordings: 1 });
    expect(existsSync(recordingPath)).toBe(false);
    expect(await redis.exists(`telephony:registration:${connectionId}`)).toBe(0);
    expect(await db().project.findUnique({ where: { id: projectId } })).toBeNull();
    const left = await Promise.all([
      db().call.count({ where: { projectId } }),
      db().callTurn.count({ where: { projectId } }),
      db().agent.count({ where: { projectId } }),
      db().agentVersion.count({ where: { projectId } }),
      db().knowledgeBase.count({ where: { projectId } }),
      db().knowledgeSource.count({ where: { projectId } }),
      db().callView.count({ where: { projectId } }),
      db().callAnalysisConfig.count({ where: { projectId } }),
      db().phoneNumber.count({ where: { projectId } }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await db().auditLog.count({ where: { projectId, action: 'project.delete' } })).toBe(1);
    // The entry still holds its place in the hash chain (other test files may tamper with the rest).
    const entry = await db().auditLog.findFirstOrThrow({ where: { projectId, action: 'project.delete' } });
    const { id: _id, prevHash, hash, ...fields } = entry;
    expect(auditHash(prevHash, fields)).toBe(hash);
    expect(await db().project.findUnique({ where: { id: keptProjectId } })).not.toBeNull();
    // Running again is a no-op; a project that is not deleted is never removed.
    expect(await removeDeletedProject({ db: db(), redis, recordingsDir }, projectId)).toMatchObject({
      removed: false,
    });
    await expect(removeDeletedProject({ db: db(), redis, recordingsDir }, keptProjectId)).rejects.toThrow(
      /not deleted/,
    );
  });
});
