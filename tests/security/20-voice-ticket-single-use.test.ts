// Issue 14, item 20: a voice ticket opened any number of calls for its minute, and the web app signed one
// for any version id, another project's included. A ticket now opens one call, and is issued only for a
// version of an agent of the project it names; the grant carries that project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createRedis } from '#server/redis.ts';
import { grantForTicket } from '#server/browser-voice/voice-ticket-grant.server.ts';
import * as ticketRoute from '../../app/routes/api.v1.projects.$projectId.agents.$agentId.voice-tickets.ts';
import { addMember, createProject, createPublishedAgent, createUser } from '../support/factories.ts';
import { bearerFor, callRoute } from '../support/route-call.ts';

const graph = { schemaVersion: 2, nodes: [{ id: 'start', type: 'start', data: {} }], edges: [] };
// The media server's own connection, as in production: another client than the web app's.
const mediaRedis = createRedis({
  REDIS_URL: process.env.REDIS_URL!,
  REDIS_PREFIX: process.env.REDIS_PREFIX!,
});

let projectA: string;
let agentA: string;
let versionA: string;
let versionB: string;
let builder: Record<string, string>;

async function issue(body: Record<string, unknown>) {
  const answer = await callRoute(ticketRoute, {
    method: 'POST',
    path: `/api/v1/projects/${projectA}/agents/${agentA}/voice-tickets`,
    params: { projectId: projectA, agentId: agentA },
    headers: builder,
    body,
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  projectA = (await createProject(db(), 'Security 20 A')).id;
  const projectB = (await createProject(db(), 'Security 20 B')).id;
  const user = await createUser(db());
  await addMember(db(), projectA, user.id, 'builder');
  builder = await bearerFor(user.id);
  const a = await createPublishedAgent(db(), projectA, { name: 'A', language: 'en', graph });
  agentA = a.agent.id;
  versionA = a.version.id;
  versionB = (await createPublishedAgent(db(), projectB, { name: 'B', language: 'en', graph })).version.id;
});

afterAll(async () => {
  await mediaRedis.quit();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('item 20: voice tickets', () => {
  it('are not issued for another project’s version, nor for another agent’s', async () => {
    const foreign = await issue({ versionId: versionB });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'version_not_found' } });
    const unknown = await issue({ versionId: crypto.randomUUID() });
    expect(unknown.status).toBe(404);
    expect((await issue({ versionId: versionA })).status).toBe(201);
  });

  it('open one call: the first check consumes the ticket, every later one is refused', async () => {
    const { body } = await issue({});
    const ticket = body.ticket as string;
    const keys = authContext().keys;
    const first = await grantForTicket(keys, ticket, mediaRedis);
    expect(first).toMatchObject({ projectId: projectA, agentId: agentA, flow: graph });
    expect(await grantForTicket(keys, ticket, mediaRedis)).toBeNull();
  });

  it('open one call even when checked many times at once', async () => {
    const { body } = await issue({ versionId: versionA });
    const ticket = body.ticket as string;
    const keys = authContext().keys;
    const grants = await Promise.all(
      Array.from({ length: 8 }, () => grantForTicket(keys, ticket, mediaRedis)),
    );
    const granted = grants.filter((g) => g !== null);
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ projectId: projectA, agentId: agentA, versionId: versionA });
  });

  it('open no call once their project is deleted, even within their minute', async () => {
    const draft = (await issue({})).body.ticket as string;
    const published = (await issue({ versionId: versionA })).body.ticket as string;
    await db().project.update({ where: { id: projectA }, data: { deletedAt: new Date() } });
    try {
      const keys = authContext().keys;
      expect(await grantForTicket(keys, draft, mediaRedis)).toBeNull();
      expect(await grantForTicket(keys, published, mediaRedis)).toBeNull();
    } finally {
      await db().project.update({ where: { id: projectA }, data: { deletedAt: null } });
    }
  });
});
