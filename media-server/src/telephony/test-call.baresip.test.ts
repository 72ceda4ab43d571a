// Test calls end to end: the API queues the call, the media server (subscribed over Redis) places it
// through the connection with the chosen agent version, and the screen's polling sees its progress.
// The carrier is baresip answering on loopback (the agent's greeting is recorded there), and a carrier
// that challenges INVITEs with 407 (digest answered) and counts the RTP it receives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../../tests/support/factories.ts';
import { bearerFor, callRouteJson, type RouteModule } from '../../../tests/support/route-call.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { closeTelephonyRedis } from '#server/telephony/telephony-bus.server.ts';
import * as testCallsRoute from '../../../app/routes/api.v1.projects.$projectId.test-calls.ts';
import * as testCallRoute from '../../../app/routes/api.v1.projects.$projectId.test-calls.$testCallId.ts';
import { readWavSamples, rms, toneFrames } from '../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { streamEventsOf } from '../sip-gateway/test-support/stream-events.ts';
import { startVoiceStack, type VoiceStack } from '../wiring/voice-stack.ts';
import { startTelephonyStack } from './telephony-stack.ts';
import { startFakeCarrier } from './test-support/fake-carrier.ts';

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
let stack: VoiceStack;
let telephony: Awaited<ReturnType<typeof startTelephonyStack>>;
let projectId: string;
let agentId: string;
let owner: Record<string, string>;

const greeting = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'say',
      type: 'say',
      position: { x: 0, y: 100 },
      data: { text: 'Hello, this is a test call from the platform.' },
    },
    { id: 'end', type: 'end', position: { x: 0, y: 200 }, data: { message: 'Goodbye.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'say' },
    { id: 'e2', source: 'say', sourceHandle: 'next', target: 'end' },
  ],
  settings: { language: 'en' },
};

async function call(mod: RouteModule, method: string, params: Record<string, string>, body?: unknown) {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: owner,
    body,
  });
}

/** Polls the test call like the screen does, collecting the states it passes through. */
async function follow(testCallId: string, timeoutMs = 30_000) {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await call(testCallRoute, 'GET', { testCallId });
    if (seen.at(-1) !== got.json.status) seen.push(got.json.status);
    if (got.json.status === 'ended' || got.json.status === 'failed') return { seen, final: got.json };
    if (Date.now() > deadline) throw new Error(`test call stuck: ${seen.join(' → ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function connection(data: Record<string, unknown>) {
  return db().sipConnection.create({
    data: {
      projectId,
      name: `c-${crypto.randomUUID().slice(0, 6)}`,
      provider: 'generic',
      host: '127.0.0.1',
      ...data,
    },
  });
}

beforeAll(async () => {
  // The carriers listen on loopback: the web app's pre-check reads the same allow-list as the media server.
  process.env.TELEPHONY_ALLOW_HOSTS = '127.0.0.1';
  projectId = (await createProject(db(), 'Test calls')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'owner');
  owner = await bearerFor(user.id);
  agentId = (
    await createPublishedAgent(db(), projectId, { name: 'Greeter', language: 'en', graph: greeting })
  ).agent.id;
  const logger = createLogger('test-call-test', 'silent');
  stack = await startVoiceStack({
    redis,
    logger,
    // The carriers listen on loopback, which the install allows (TELEPHONY_ALLOW_HOSTS).
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(20), allowHosts: ['127.0.0.1'] },
    maxCallsPerProject: 5,
    eventsStream: 'events:calls:test-calls',
  });
  telephony = await startTelephonyStack({ voice: stack, redis, logger, retryMs: 500 });
}, 60_000);

afterAll(async () => {
  delete process.env.TELEPHONY_ALLOW_HOSTS;
  await telephony?.close();
  await stack?.drain(1000);
  await stack?.close();
  await redis.del('events:calls:test-calls');
  await redis.quit();
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('test calls', () => {
  it('baresip answers; the agent greets (heard and recorded by the carrier), hangs up; progress is live', async () => {
    const frames = toneFrames(300, 20_000, 20);
    const source = new Int16Array(frames.length * 160);
    frames.forEach((f, i) => source.set(f, i * 160));
    const carrier = await startBaresip({ sourcePcm: source, autoAnswer: true });
    try {
      const trunk = await connection({ port: carrier.sipPort, authMode: 'ip' });
      const created = await call(
        testCallsRoute,
        'POST',
        {},
        { connectionId: trunk.id, agentId, to: 'caller' },
      );
      expect(created.status).toBe(201);
      const { seen, final } = await follow(created.json.id);
      expect(seen, JSON.stringify(final) + carrier.output().slice(-1500)).toEqual(
        expect.arrayContaining(['answered', 'ended']),
      );
      expect(seen.indexOf('answered')).toBeLessThan(seen.indexOf('ended'));
      expect(final).toMatchObject({ status: 'ended', sipCode: 200, reason: 'local_hangup' });
      expect(final.durationMs).toBeGreaterThan(1000);
      await carrier.waitFor('CALL_CLOSED', 10_000);
    } finally {
      await carrier.quit().catch(() => undefined);
    }
    const decoded = carrier.recordings().find((f) => f.endsWith('-dec.wav'));
    expect(decoded, carrier.output()).toBeDefined();
    const heard = readWavSamples(decoded ?? '');
    expect(heard.length).toBeGreaterThan(8000);
    expect(rms(heard)).toBeGreaterThan(200);
    const events = (await redis.xrange('events:calls:test-calls', '-', '+')).map(([, f]) => f.join(' '));
    expect(events.join('\n')).toContain('outbound');
  }, 60_000);

  it('a carrier that challenges the INVITE gets the digest answer, rings, answers, hears the agent, hangs up', async () => {
    const carrier = await startFakeCarrier({
      users: { bob: 'trunk-pass' },
      challengeInvites: true,
      holdMs: 1200,
    });
    try {
      const trunk = await connection({ port: carrier.port, username: 'bob', authMode: 'registration' });
      // The password goes through the credentials service, like the API stores it.
      const { sipCredentials } = await import('#server/telephony/sip-credentials.server.ts');
      const secret = await sipCredentials().create(
        projectId,
        { name: `sip-connection:${trunk.id}`, kind: 'sip_password', secret: 'trunk-pass' },
        { actorUserId: null, actorType: 'system' },
      );
      await db().sipConnection.update({
        where: { id: trunk.id },
        data: {
          credentialId: secret.id,
          callerIdRules: { defaultCallerId: '+74950000000', format: 'digits' },
        },
      });
      // The connection's number calls out with its own caller ID, ahead of the connection's default.
      await db().phoneNumber.create({
        data: {
          projectId,
          address: '+74957770000',
          connectionId: trunk.id,
          outboundCallerId: '+74957770001',
        },
      });
      const created = await call(
        testCallsRoute,
        'POST',
        {},
        { connectionId: trunk.id, agentId, to: '+74951234567' },
      );
      const { seen, final } = await follow(created.json.id);
      expect(final).toMatchObject({ status: 'ended', sipCode: 200, reason: 'remote_hangup' });
      expect(seen).toContain('answered');
      expect(carrier.invites.map((i) => i.authorized)).toEqual([false, true]);
      expect(carrier.invites[1]).toMatchObject({ to: expect.stringContaining('sip:74951234567@') });
      expect(carrier.invites[1]!.from).toContain('sip:74957770001@');
      expect(carrier.rtpPackets()).toBeGreaterThan(20);

      // Wrong credentials: a second challenge ends the call as failed, with the code.
      carrier.users.set('bob', 'changed');
      const refused = await call(
        testCallsRoute,
        'POST',
        {},
        { connectionId: trunk.id, agentId, to: '+74951234567' },
      );
      const outcome = await follow(refused.json.id);
      expect(outcome.final).toMatchObject({ status: 'failed', sipCode: 407 });
      // The attempt is a call record too: outbound, never answered, the carrier's refusal as its end cause.
      const { sipCallId } = await db().testCall.findUniqueOrThrow({ where: { id: refused.json.id } });
      const recorded = await streamEventsOf(redis, 'events:calls:test-calls', sipCallId ?? '');
      expect(recorded.map((e) => e.type)).toEqual(['call.started', 'call.ended']);
      expect(recorded[0]).toMatchObject({ direction: 'outbound', projectId, agentId, to: '74951234567' });
      expect(recorded[1]).toMatchObject({
        reason: 'error',
        disposition: 'failed',
        turns: 0,
        sipCause: expect.stringMatching(/^407 /),
      });
    } finally {
      await carrier.close();
    }
  }, 60_000);
});
