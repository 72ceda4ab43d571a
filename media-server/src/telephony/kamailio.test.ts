// Against a real registrar and proxy: Kamailio (Debian's package) as the carrier. The media server
// registers to it with digest credentials (the connection made through the API, applied live), the check
// passes against it and fails with a wrong password, and a call routed through Kamailio reaches the agent.
// Skipped when Kamailio is not installed (apt-get install kamailio).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../../tests/support/factories.ts';
import { bearerFor, callRoute } from '../../../tests/support/route-call.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { checkConnection } from './connection-check.ts';
import { closeTelephonyRedis } from '#server/telephony/telephony-bus.server.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import * as connectionsRoute from '../../../app/routes/api.v1.projects.$projectId.sip-connections.ts';
import { readWavSamples, rms, toneFrames } from '../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { until } from '../sip-gateway/test-support/test-gateway.ts';
import { startVoiceStack, type VoiceStack } from '../wiring/voice-stack.ts';
import { startTelephonyStack } from './telephony-stack.ts';
import { hasKamailio, startKamailio, type KamailioCarrier } from './test-support/kamailio.ts';

const greeting = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'say',
      type: 'say',
      position: { x: 0, y: 100 },
      data: { text: 'You reached the agent through the carrier.' },
    },
    { id: 'end', type: 'end', position: { x: 0, y: 200 }, data: { message: 'Goodbye.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'say' },
    { id: 'e2', source: 'say', sourceHandle: 'next', target: 'end' },
  ],
  settings: { language: 'en' },
};

describe.skipIf(!hasKamailio())('Kamailio as the carrier', () => {
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
  let kamailio: KamailioCarrier;
  let stack: VoiceStack;
  let telephony: Awaited<ReturnType<typeof startTelephonyStack>>;
  let connectionId: string;

  beforeAll(async () => {
    kamailio = await startKamailio({ user: 'kam-alice', password: 'kam-secret' });
    const projectId = (await createProject(db(), 'Kamailio')).id;
    const owner = await createUser(db());
    await addMember(db(), projectId, owner.id, 'owner');
    await createPublishedAgent(db(), projectId, {
      name: 'Agent',
      language: 'en',
      graph: greeting,
      address: 'kam-alice',
    });
    forgetRoutes();
    const logger = createLogger('kamailio-test', 'silent');
    stack = await startVoiceStack({
      redis,
      logger,
      // Kamailio listens on loopback, which the install allows (TELEPHONY_ALLOW_HOSTS).
      sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(20), allowHosts: ['127.0.0.1'] },
      maxCallsPerProject: 5,
      eventsStream: 'events:calls:kamailio',
    });
    telephony = await startTelephonyStack({ voice: stack, redis, logger, retryMs: 500 });
    const res = await callRoute(connectionsRoute, {
      method: 'POST',
      path: '/api/v1/x',
      params: { projectId },
      headers: await bearerFor(owner.id),
      body: {
        name: 'Kamailio',
        provider: 'generic',
        host: '127.0.0.1',
        port: kamailio.port,
        username: 'kam-alice',
        password: 'kam-secret',
        registerExpires: 120,
      },
    });
    expect(res.status).toBe(201);
    connectionId = ((await res.json()) as { id: string }).id;
  }, 60_000);

  afterAll(async () => {
    await telephony?.close();
    await stack?.drain(1000);
    await stack?.close();
    await kamailio?.stop();
    await redis.del('events:calls:kamailio');
    await redis.quit();
    await closeTelephonyRedis();
    await authContext().redis.quit();
    await disconnectDb();
  });

  it('the media server registers with digest credentials; the check passes, and fails with a wrong password', async () => {
    await until(
      () => telephony.registrar.state(connectionId) === 'registered',
      10_000,
      'registered at Kamailio',
    );
    const target = {
      host: '127.0.0.1',
      port: kamailio.port,
      transport: 'udp' as const,
      outboundProxy: '',
      authMode: 'registration' as const,
      username: 'kam-alice',
      authUsername: '',
      password: 'kam-secret',
    };
    const ok = await checkConnection(target, { allowHosts: ['127.0.0.1'] });
    expect(ok.steps.map((s) => [s.step, s.ok, s.sipCode])).toEqual([
      ['dns', true, null],
      ['options', true, 200],
      ['register', true, 200],
    ]);
    const wrong = await checkConnection({ ...target, password: 'nope' }, { allowHosts: ['127.0.0.1'] });
    expect(wrong.steps[2]).toMatchObject({ ok: false, sipCode: 401 });
    // The query changed no binding: the media server is still reachable through Kamailio (next test).
  });

  it('a call to the registered user through Kamailio reaches the agent, which greets and hangs up', async () => {
    await until(() => telephony.registrar.state(connectionId) === 'registered', 10_000, 'registered');
    const frames = toneFrames(300, 20_000, 20);
    const source = new Int16Array(frames.length * 160);
    frames.forEach((f, i) => source.set(f, i * 160));
    const caller = await startBaresip({ sourcePcm: source });
    try {
      await caller.command('dial', `sip:kam-alice@127.0.0.1:${kamailio.port}`);
      await caller.waitFor('CALL_ESTABLISHED', 10_000);
      await caller.waitFor('CALL_CLOSED', 30_000);
    } finally {
      await caller.quit().catch(() => undefined);
    }
    const decoded = caller.recordings().find((f) => f.endsWith('-dec.wav'));
    expect(decoded, caller.output() + kamailio.output().slice(-2000)).toBeDefined();
    const heard = readWavSamples(decoded ?? '');
    expect(heard.length).toBeGreaterThan(8000);
    expect(rms(heard)).toBeGreaterThan(200);
    const events = (await redis.xrange('events:calls:kamailio', '-', '+'))
      .map(([, f]) => f.join(' '))
      .join('\n');
    expect(events).toContain('You reached the agent through the carrier.');
  }, 60_000);
});
