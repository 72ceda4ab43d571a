import { afterAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { authContext } from '../auth/auth-context.server.ts';
import { parseJwtKeys } from '../auth/jwt.server.ts';
import { db, disconnectDb } from '../db.ts';
import { grantForTicket } from './voice-ticket-grant.server.ts';
import { signVoiceTicket } from './voice-ticket.server.ts';

afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('voice tickets', () => {
  it('grant the agent’s draft or version in its project; forged, expired and foreign tickets get nothing', async () => {
    const { keys, redis } = authContext();
    const projectId = (await createProject(db(), 'Tickets')).id;
    const graph = { schemaVersion: 2, nodes: [{ id: 'start', type: 'start', data: {} }], edges: [] };
    const { agent, version } = await createPublishedAgent(db(), projectId, {
      name: 'T',
      language: 'en',
      graph,
    });
    const claims = { projectId, agentId: agent.id, versionId: null, userId: crypto.randomUUID() };

    const ticket = await signVoiceTicket(keys, claims);
    const draft = await grantForTicket(keys, ticket, redis);
    expect(draft).toMatchObject({ projectId, flow: graph });
    // One call per ticket.
    expect(await grantForTicket(keys, ticket, redis)).toBeNull();
    const pinned = await grantForTicket(
      keys,
      await signVoiceTicket(keys, { ...claims, versionId: version.id }),
      redis,
    );
    expect(pinned?.flow).toEqual(graph);

    const otherKeys = parseJwtKeys(`other:${Buffer.alloc(32, 1).toString('base64')}`);
    expect(await grantForTicket(keys, await signVoiceTicket(otherKeys, claims), redis)).toBeNull();
    expect(
      await grantForTicket(keys, await signVoiceTicket(keys, claims, Date.now() - 120_000), redis),
    ).toBeNull();
    const elsewhere = (await createProject(db(), 'Elsewhere')).id;
    expect(
      await grantForTicket(keys, await signVoiceTicket(keys, { ...claims, projectId: elsewhere }), redis),
    ).toBeNull();
    expect(await grantForTicket(keys, 'not-a-ticket', redis)).toBeNull();
  });
});
