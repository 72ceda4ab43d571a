// Issue 14, item 12: a 9,000-node linear flow overflowed the stack in validation, and the saved draft then
// answered 500 forever. Validation walks graphs without recursion, saving refuses graphs over the size cap
// with flow_too_large, and a draft saved too large before the cap still loads with its issues.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFlow, nodeRegistry, parseFlow, validateFlow } from '../../flow-runtime/src/index.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import * as draftRoute from '../../app/routes/api.v1.projects.$projectId.agents.$agentId.draft.ts';
import * as publishRoute from '../../app/routes/api.v1.projects.$projectId.agents.$agentId.publish.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { createMediaHttpServer } from '../../media-server/src/media-http.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
import { addMember, createProject, createUser } from '../support/factories.ts';
import { bearerFor, callRoute } from '../support/route-call.ts';

/** Start and `says` Say blocks in a line; `loop` closes the line into a silent cycle back to the first. */
function chain(says: number, loop = false) {
  const nodes = [
    { id: 'start', type: 'start', data: {} },
    ...Array.from({ length: says }, (_, i) => ({ id: `s${i}`, type: 'say', data: { text: `Line ${i}` } })),
  ];
  const edges = nodes.slice(1).map((node, i) => ({
    id: `e${i}`,
    source: nodes[i]!.id,
    sourceHandle: 'next',
    target: node.id,
  }));
  if (loop) edges.push({ id: 'back', source: `s${says - 1}`, sourceHandle: 'next', target: 's0' });
  return { schemaVersion: 2, nodes, edges };
}

let projectId: string;
let agentId: string;
let headers: Record<string, string>;
const draftUrl = () => `/api/v1/projects/${projectId}/agents/${agentId}/draft`;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Security 12')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'owner');
  headers = await bearerFor(user.id);
  agentId = (
    await db().agent.create({ data: { projectId, name: 'Long', language: 'en', draftGraph: chain(2) } })
  ).id;
});

afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('item 12: deep and large flows', () => {
  it('validates a silent loop of 4,900 blocks (under the cap) without overflowing the stack', () => {
    const loopReport = validateFlow(chain(4_900, true));
    expect(loopReport.errors.map((e) => e.code)).toEqual(['loop_without_listening']);
    const parsed = parseFlow(chain(4_900));
    if (!parsed.success) throw new Error('a 4,901-block flow is under the cap');
    expect(validateFlow(parsed.flow).errors).toEqual([]);
    expect(compileFlow(parsed.flow, nodeRegistry).collectorsAhead('start')).toEqual([]);
  });

  it('answers a 100,000-block flow with flow_too_large instead of walking it', () => {
    const parsed = parseFlow(chain(100_000));
    expect(parsed.success ? [] : parsed.issues.map((i) => [i.code, i.field])).toEqual([
      ['flow_too_large', 'nodes'],
      ['flow_too_large', 'edges'],
    ]);
    const report = validateFlow(chain(100_000));
    expect(new Set(report.errors.map((e) => e.code))).toEqual(new Set(['flow_too_large']));
  });

  it('refuses to save a 9,000-block draft with flow_too_large, and saves nothing', async () => {
    const before = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
    const answer = await callRoute(draftRoute, {
      method: 'PUT',
      path: draftUrl(),
      params: { projectId, agentId },
      headers,
      body: { graph: chain(9_000), revision: before.draftRevision },
    });
    expect(answer.status).toBe(413);
    const body = (await answer.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('flow_too_large');
    expect(body.error.fields.nodes?.[0]).toMatch(/9[,\s ]?001/);
    const after = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
    expect(after.draftRevision).toBe(before.draftRevision);
  });

  it('saves a 2,000-block draft (four times the studio bench) with its validation', async () => {
    const before = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
    const answer = await callRoute(draftRoute, {
      method: 'PUT',
      path: draftUrl(),
      params: { projectId, agentId },
      headers,
      body: { graph: chain(2_000), revision: before.draftRevision },
    });
    expect(answer.status).toBe(200);
  });

  it('a draft saved too large before the cap still loads, with its issue, and cannot be published', async () => {
    await db().agent.update({ where: { id: agentId }, data: { draftGraph: chain(9_000) } });
    const loaded = await callRoute(draftRoute, {
      method: 'GET',
      path: draftUrl(),
      params: { projectId, agentId },
      headers,
    });
    expect(loaded.status).toBe(200);
    const draft = (await loaded.json()) as { validation: { errors: { code: string }[] } };
    expect(draft.validation.errors.map((e) => e.code)).toContain('flow_too_large');

    const published = await callRoute(publishRoute, {
      method: 'POST',
      path: `/api/v1/projects/${projectId}/agents/${agentId}/publish`,
      params: { projectId, agentId },
      headers,
      body: {},
    });
    expect(published.status).toBe(422);
  });

  it('a flow nested 3,000 levels deep (6 KB) is refused by size at save and by the turn API, never a crash', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 3_000; i++) deep = [deep];
    const graph = { ...chain(1), variables: [{ name: 'x', type: 'list', default: deep }] };
    const before = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
    const saved = await callRoute(draftRoute, {
      method: 'PUT',
      path: draftUrl(),
      params: { projectId, agentId },
      headers,
      body: { graph, revision: before.draftRevision },
    });
    expect(saved.status).toBe(413);
    expect(((await saved.json()) as { error: { code: string } }).error.code).toBe('flow_too_large');

    const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
    const logger = createLogger('security-12', 'silent');
    const { server } = createMediaHttpServer({ redis, logger, portsFor: cachedPortsFor({ logger }) });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/turn/v1/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ flow: graph }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_flow');
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await redis.quit();
    }
  });
});
