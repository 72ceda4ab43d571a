// The real voice wiring with CLUSTER_LIMITS=redis: a project's calls on another media server (leases in the
// same Redis) count against its limit here. With the project at its limit elsewhere, a caller gets 486 and a
// call record whose cause is the limit; once the other server's calls end, the same call is answered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { streamEventsOf } from '../sip-gateway/test-support/stream-events.ts';
import { createRawSipClient, inviteText, pcmuOffer } from '../sip-gateway/test-support/raw-sip-client.ts';
import { startVoiceStack, type VoiceStack } from '../wiring/voice-stack.ts';
import { ClusterCallLimits } from './cluster-call-limits.ts';

const keypadMenu = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
) as object;
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const STREAM = 'events:calls:cluster-limits';
let stack: VoiceStack;
let projectId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Cluster limits')).id;
  const owner = await createUser(db());
  await addMember(db(), projectId, owner.id, 'owner');
  await createPublishedAgent(db(), projectId, {
    name: 'Reception',
    language: 'en',
    graph: keypadMenu,
    address: 'cluster-reception',
  });
  forgetRoutes();
  stack = await startVoiceStack({
    redis,
    logger: createLogger('cluster-limits-test', 'silent'),
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(20) },
    maxCallsPerProject: 2,
    clusterLimits: { leaseMs: 5000, serverId: 'this-server' },
    eventsStream: STREAM,
  });
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  await redis.quit();
  await disconnectDb();
});

describe('cluster-wide limits on the real call path', () => {
  it('refuses a call when the project is at its limit on another server, answers it once those end', async () => {
    // Another media server holds the project's two calls.
    const other = new ClusterCallLimits(redis, { leaseMs: 5000, serverId: 'other-server' });
    const held = await Promise.all(
      [1, 2].map(() => other.acquire([{ kind: 'project', id: projectId, max: 2 }])),
    );
    expect(held.every((h) => h.ok)).toBe(true);
    const client = await createRawSipClient(stack.sip.port);
    const invite = (callId: string) =>
      client.send(
        inviteText({
          clientPort: client.port,
          gatewayPort: stack.sip.port,
          callId,
          user: 'cluster-reception',
          sdp: pcmuOffer(40_010),
        }),
      );
    try {
      const refusedId = `cluster-busy-${Date.now()}`;
      invite(refusedId);
      expect((await client.response(refusedId, { timeoutMs: 5000 })).status).toBe(486);
      const recorded = await streamEventsOf(redis, STREAM, refusedId);
      expect(recorded.map((e) => e.type)).toEqual(['call.started', 'call.ended']);
      expect(recorded[1]).toMatchObject({
        disposition: 'refused',
        sipCause: '486 Busy Here sent by platform (project_limit)',
      });

      for (const h of held) if (h.ok) await h.release();
      const answeredId = `cluster-ok-${Date.now()}`;
      invite(answeredId);
      expect((await client.response(answeredId, { timeoutMs: 5000 })).status).toBe(200);
      // The answered call holds a lease of this server, seen cluster-wide.
      expect(await other.count('project', projectId)).toBe(1);
    } finally {
      other.close();
      await client.close();
    }
  }, 30_000);
});
