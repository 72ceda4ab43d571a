// The media server's real voice wiring (routing by dialled address to a live agent version, the call
// pipeline, the SIP gateway) against the test database, called by baresip and a raw SIP client.
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
import { readWavSamples, rms, toneFrames } from '../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { streamEventsOf } from '../sip-gateway/test-support/stream-events.ts';
import { createRawSipClient, inviteText, pcmuOffer } from '../sip-gateway/test-support/raw-sip-client.ts';
import { Registry } from 'prom-client';
import { registerSipMetrics } from '../metrics/sip-metrics.ts';
import { startVoiceStack, type VoiceStack } from './voice-stack.ts';

const keypadMenu = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
) as object;
const demoReceptionist = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../app/agent-templates/demo-receptionist.ru.json'), 'utf8'),
) as object;
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
let stack: VoiceStack;
let projectId: string;
let trunkId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Voice wiring')).id;
  const owner = await createUser(db());
  await addMember(db(), projectId, owner.id, 'owner');
  await createPublishedAgent(db(), projectId, {
    name: 'Reception',
    language: 'en',
    graph: keypadMenu,
    address: 'wiring-reception',
  });
  await createPublishedAgent(db(), projectId, {
    name: 'Demo receptionist',
    language: 'ru',
    graph: demoReceptionist,
    address: 'demo-wiring',
  });
  const draftOnly = await db().agent.create({
    data: { projectId, name: 'Unpublished', language: 'en', draftGraph: keypadMenu },
  });
  await db().phoneNumber.create({ data: { projectId, address: 'not-yet', agentId: draftOnly.id } });
  // A number on a carrier connection that takes one call at a time.
  trunkId = (
    await db().sipConnection.create({
      data: { projectId, name: 'One line', provider: 'generic', host: '127.0.0.1', maxConcurrentCalls: 1 },
    })
  ).id;
  await createPublishedAgent(db(), projectId, {
    name: 'Single line',
    language: 'en',
    graph: keypadMenu,
    address: '+74950000001',
  });
  await db().phoneNumber.update({ where: { address: '+74950000001' }, data: { connectionId: trunkId } });
  forgetRoutes();
  stack = await startVoiceStack({
    redis,
    logger: createLogger('voice-wiring-test', 'silent'),
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(40) },
    maxCallsPerProject: 5,
    eventsStream: 'events:calls',
  });
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  await redis.quit();
  await disconnectDb();
});

/** Turns the media server has completed so far (this file's calls only: its own stream). */
async function countTurns(): Promise<number> {
  const events = await redis.xrange('events:calls', '-', '+');
  return events.filter(([, fields]) => fields[fields.indexOf('type') + 1] === 'turn.completed').length;
}

async function waitForTurns(atLeast: number): Promise<void> {
  await expect.poll(countTurns, { timeout: 20_000 }).toBeGreaterThanOrEqual(atLeast);
}

describe('voice wiring', () => {
  it('answers a call to a published agent: greeting heard, DTMF moves the flow, the agent hangs up', async () => {
    // Quiet line noise for the whole call (baresip's file source ending would end its audio).
    const frames = toneFrames(300, 30_000, 20);
    const caller = new Int16Array(frames.length * 160);
    frames.forEach((f, i) => caller.set(f, i * 160));
    const turnsBefore = await countTurns();
    const peer = await startBaresip({ sourcePcm: caller });
    try {
      await peer.command('dial', `sip:wiring-reception@127.0.0.1:${stack.sip.port}`);
      await peer.waitFor('CALL_ESTABLISHED', 10_000);
      // Once the greeting's turn is done and the menu waits (a fixed sleep was too short on a loaded
      // machine), choose sales by keypad.
      await waitForTurns(turnsBefore + 1);
      await peer.command('sndcode', '1');
      await peer.waitFor('CALL_CLOSED', 30_000);
      await peer.quit();
      const endedEvent = (await redis.xrange('events:calls', '-', '+'))
        .map(([, f]) => f.join(' '))
        .filter((l) => l.includes('call.ended'));
      const decoded = peer.recordings().find((f) => f.endsWith('-dec.wav'));
      expect(decoded, peer.output()).toBeDefined();
      const samples = readWavSamples(decoded ?? '');
      // At least a second of it: baresip's recorder drops audio on a loaded machine, so not the whole call.
      expect(samples.length, endedEvent.join('\n')).toBeGreaterThan(8000);
      expect(rms(samples)).toBeGreaterThan(200);
      const events = await redis.xrange('events:calls', '-', '+');
      const types = events.map(([, fields]) => fields[fields.indexOf('type') + 1]);
      expect(types).toEqual(expect.arrayContaining(['call.started', 'turn.completed', 'call.ended']));
      const ended = events
        .map(
          ([, fields]) =>
            JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}') as { type: string; reason?: string },
        )
        .find((e) => e.type === 'call.ended');
      expect(ended?.reason).toBe('flow_hangup');
    } finally {
      await peer.quit().catch(() => undefined);
    }
  }, 60_000);

  it('the demo receptionist (Russian) answers, tells the hours on keypad 2, says goodbye and hangs up', async () => {
    const frames = toneFrames(300, 40_000, 20);
    const caller = new Int16Array(frames.length * 160);
    frames.forEach((f, i) => caller.set(f, i * 160));
    const turnsBefore = await countTurns();
    const peer = await startBaresip({ sourcePcm: caller });
    try {
      await peer.command('dial', `sip:demo-wiring@127.0.0.1:${stack.sip.port}`);
      await peer.waitFor('CALL_ESTABLISHED', 10_000);
      await waitForTurns(turnsBefore + 1);
      await peer.command('sndcode', '2');
      await peer.waitFor('CALL_CLOSED', 40_000);
    } finally {
      await peer.quit().catch(() => undefined);
    }
    const turns = (await redis.xrange('events:calls', '-', '+'))
      .map(([, f]) => JSON.parse(f[f.indexOf('event') + 1] ?? '{}') as { type: string; replies?: string[] })
      .filter((e) => e.type === 'turn.completed');
    expect(JSON.stringify(turns)).toContain('без выходных');
  }, 70_000);

  it('refuses unknown addresses with 404 and unpublished agents with 480', async () => {
    const client = await createRawSipClient(stack.sip.port);
    try {
      for (const [user, status] of [
        ['nobody-here', 404],
        ['not-yet', 480],
      ] as const) {
        const callId = `wiring-${user}-${Date.now()}`;
        client.send(
          inviteText({
            clientPort: client.port,
            gatewayPort: stack.sip.port,
            callId,
            user,
            sdp: pcmuOffer(40_000),
          }),
        );
        const res = await client.response(callId, { timeoutMs: 5000 });
        expect(res.status).toBe(status);
      }
      const registry = new Registry();
      registerSipMetrics(registry, () => stack.sip.stats());
      const metrics = await registry.metrics();
      expect(metrics).toMatch(/^sip_calls_rejected_total [1-9]/m);
      expect(metrics).toMatch(/^sip_calls_setup_total [1-9]/m);
    } finally {
      await client.close();
    }
  });

  it('a caller turned away by a connection limit gets 486 and is still a call record, with the cause', async () => {
    // The connection's one line is taken (as by a call in progress).
    const release = stack.connectionLimits.tryAcquire(trunkId, 1);
    if (!release) throw new Error('the line should have been free');
    const client = await createRawSipClient(stack.sip.port);
    const callId = `wiring-busy-${Date.now()}`;
    try {
      client.send(
        inviteText({
          clientPort: client.port,
          gatewayPort: stack.sip.port,
          callId,
          user: '+74950000001',
          sdp: pcmuOffer(40_002),
        }),
      );
      expect((await client.response(callId, { timeoutMs: 5000 })).status).toBe(486);
    } finally {
      await client.close();
      release();
    }
    const recorded = await streamEventsOf(redis, 'events:calls', callId);
    expect(recorded.map((e) => e.type)).toEqual(['call.started', 'call.ended']);
    expect(recorded[0]).toMatchObject({ projectId, direction: 'inbound', to: '+74950000001' });
    expect(recorded[1]).toMatchObject({
      disposition: 'refused',
      turns: 0,
      sipCause: '486 Busy Here sent by platform (Connection call limit reached)',
    });
  });
});
