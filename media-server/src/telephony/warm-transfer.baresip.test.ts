// Warm transfer with real peers: baresip A calls the agent; the platform dials baresip B (the operator),
// speaks the handoff summary to B, then bridges A and B. A sends a 400 Hz tone and B a 1000 Hz tone: each
// must receive the other's (measured with the Goertzel filter in what baresip recorded). When nobody
// answers, the flow's `failed` port runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import { readWavSamples, rms, toneFrames } from '../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip, type BaresipPeer } from '../sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { startVoiceStack, type VoiceStack } from '../wiring/voice-stack.ts';

const stream = 'events:calls:warm-transfer';
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
let stack: VoiceStack;
let projectId: string;

const tone = (hz: number, ms: number) => {
  const frames = toneFrames(hz, ms, 8000);
  const pcm = new Int16Array(frames.length * 160);
  frames.forEach((f, i) => pcm.set(f, i * 160));
  return pcm;
};

/** Power of one frequency relative to the signal's total power (Goertzel), over 8 kHz samples. */
function toneShare(samples: Int16Array, hz: number): number {
  const k = (2 * Math.PI * hz) / 8000;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  let total = 0;
  for (const x of samples) {
    const s = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
    total += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return total === 0 ? 0 : (2 * power) / (samples.length * total);
}

const transferFlow = (target: string) => ({
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'hold', type: 'say', position: { x: 0, y: 100 }, data: { text: 'Connecting you.' } },
    {
      id: 'handoff',
      type: 'transfer',
      position: { x: 0, y: 200 },
      data: {
        target: { kind: 'sip', value: target },
        mode: 'warm',
        reason: 'booking',
        summary: 'The caller wants to book a cleaning.',
      },
    },
    { id: 'sorry', type: 'say', position: { x: 200, y: 300 }, data: { text: 'Nobody answered.' } },
    { id: 'end', type: 'end', position: { x: 200, y: 400 }, data: { message: 'Goodbye.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hold' },
    { id: 'e2', source: 'hold', target: 'handoff' },
    { id: 'e3', source: 'handoff', sourceHandle: 'failed', target: 'sorry' },
    { id: 'e4', source: 'sorry', target: 'end' },
  ],
  settings: { language: 'en' },
});

async function agentAt(address: string, target: string) {
  await createPublishedAgent(db(), projectId, {
    name: address,
    language: 'en',
    address,
    graph: transferFlow(target),
  });
  forgetRoutes();
}

async function events() {
  const all = (await redis.xrange(stream, '-', '+')).map(
    ([, f]) => JSON.parse(f[f.indexOf('event') + 1] ?? '{}') as Record<string, unknown>,
  );
  await redis.del(stream);
  return all;
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'Warm transfer')).id;
  stack = await startVoiceStack({
    redis,
    logger: createLogger('warm-transfer-test', 'silent'),
    sip: {
      host: '127.0.0.1',
      port: 0,
      rtpPorts: await freeUdpRange(20),
      allowHosts: ['127.0.0.1'],
      transferRingTimeoutMs: 3000,
    },
    maxCallsPerProject: 5,
    eventsStream: stream,
  });
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  await redis.del(stream);
  await redis.quit();
  await disconnectDb();
});

describe('warm transfer on SIP calls', () => {
  it('dials the operator, speaks the summary, then bridges both ways', async () => {
    const operator: BaresipPeer = await startBaresip({ sourcePcm: tone(1000, 60_000), autoAnswer: true });
    const caller: BaresipPeer = await startBaresip({ sourcePcm: tone(400, 60_000) });
    try {
      await agentAt('warm-ok', `sip:caller@127.0.0.1:${operator.sipPort}`);
      await caller.command('dial', `sip:warm-ok@127.0.0.1:${stack.sip.port}`);
      await caller.waitFor('CALL_ESTABLISHED', 10_000);
      await operator.waitFor('CALL_ESTABLISHED', 20_000);
      // The summary is spoken to the operator first (a few seconds of espeak), then both are connected.
      await new Promise((resolve) => setTimeout(resolve, 9000));
      await caller.command('hangup');
      await caller.waitFor('CALL_CLOSED', 10_000);
      await operator.waitFor('CALL_CLOSED', 10_000);
    } finally {
      await caller.quit().catch(() => undefined);
      await operator.quit().catch(() => undefined);
    }
    const heardByCaller = readWavSamples(caller.recordings().find((f) => f.endsWith('-dec.wav'))!);
    const heardByOperator = readWavSamples(operator.recordings().find((f) => f.endsWith('-dec.wav'))!);
    // The last two seconds of each side are bridged audio: the other peer's tone dominates.
    const tail = (s: Int16Array) => s.slice(Math.max(0, s.length - 16_000), s.length - 2000);
    expect(toneShare(tail(heardByCaller), 1000)).toBeGreaterThan(0.3);
    expect(toneShare(tail(heardByCaller), 400)).toBeLessThan(0.05);
    expect(toneShare(tail(heardByOperator), 400)).toBeGreaterThan(0.3);
    expect(toneShare(tail(heardByOperator), 1000)).toBeLessThan(0.05);
    // Before that the operator heard the summary (speech), not yet the caller.
    const briefing = heardByOperator.slice(0, 16_000);
    expect(rms(briefing)).toBeGreaterThan(200);
    expect(toneShare(briefing, 400)).toBeLessThan(0.1);

    const recorded = await events();
    expect(recorded.find((e) => e.type === 'call.transfer')).toMatchObject({ mode: 'warm', ok: true });
    expect(recorded.find((e) => e.type === 'call.ended')).toMatchObject({ reason: 'transferred' });
  }, 90_000);

  it('takes the failed port when nobody answers', async () => {
    const operator = await startBaresip({ sourcePcm: tone(1000, 5000) });
    const caller = await startBaresip({ sourcePcm: tone(400, 30_000) });
    try {
      await agentAt('warm-none', `sip:caller@127.0.0.1:${operator.sipPort}`);
      await caller.command('dial', `sip:warm-none@127.0.0.1:${stack.sip.port}`);
      await caller.waitFor('CALL_ESTABLISHED', 10_000);
      await caller.waitFor('CALL_CLOSED', 30_000);
    } finally {
      await caller.quit().catch(() => undefined);
      await operator.quit().catch(() => undefined);
    }
    const recorded = await events();
    const transfer = recorded.find((e) => e.type === 'call.transfer');
    expect(transfer).toMatchObject({ mode: 'warm', ok: false });
    expect(String(transfer?.error)).toMatch(/nobody answered/);
    expect(JSON.stringify(recorded.filter((e) => e.type === 'turn.completed'))).toContain('Nobody answered.');
  }, 60_000);
});
