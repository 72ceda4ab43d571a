// Warm transfer with real peers: baresip A calls the agent; the platform dials baresip B (the operator),
// speaks the handoff summary to B, then bridges A and B. A sends a 400 Hz tone and B a 1000 Hz tone: each
// must receive the other's (measured with the Goertzel filter in what baresip recorded), and the call's
// recording goes on through the bridged part. A bare number is dialled through the project's SIP
// connection (baresip as the carrier on loopback). While the target rings the caller hears ringback; when
// nobody answers, the flow's `failed` port runs; a caller who hangs up while it rings cancels the target.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const recordingDir = mkdtempSync(join(tmpdir(), 'warm-transfer-rec-'));

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

type Target = { kind: 'sip' | 'number'; value: string };

const transferFlow = (target: Target, language: 'en' | 'ru') => ({
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'hold', type: 'say', position: { x: 0, y: 100 }, data: { text: 'Connecting you.' } },
    {
      id: 'handoff',
      type: 'transfer',
      position: { x: 0, y: 200 },
      data: {
        target,
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
  settings: { language },
});

async function agentAt(address: string, target: string | Target, language: 'en' | 'ru' = 'en') {
  await createPublishedAgent(db(), projectId, {
    name: address,
    language,
    address,
    graph: transferFlow(typeof target === 'string' ? { kind: 'sip', value: target } : target, language),
  });
  forgetRoutes();
}

/** The call's events, once its end has been recorded (the bridge ends a moment after the peers do). */
async function events() {
  const read = async () =>
    (await redis.xrange(stream, '-', '+')).map(
      ([, f]) => JSON.parse(f[f.indexOf('event') + 1] ?? '{}') as Record<string, unknown>,
    );
  let all = await read();
  for (const until = Date.now() + 10_000; !all.some((e) => e.type === 'call.ended') && Date.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    all = await read();
  }
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
      transferRingTimeoutMs: 5000,
    },
    maxCallsPerProject: 5,
    eventsStream: stream,
    recordingDir,
  });
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  await redis.del(stream);
  await redis.quit();
  await disconnectDb();
  rmSync(recordingDir, { recursive: true, force: true });
});

/** The call's stereo recording: the caller on the left, the agent (then the operator) on the right. */
function recordingOf(path: string) {
  const both = readWavSamples(path);
  const left = new Int16Array(both.length >> 1);
  const right = new Int16Array(both.length >> 1);
  for (let i = 0; i < left.length; i += 1) {
    left[i] = both[2 * i] ?? 0;
    right[i] = both[2 * i + 1] ?? 0;
  }
  return { left, right, seconds: left.length / 8000 };
}

/** The median share of `hz` over half-second windows (a long window loses the tone's phase at RTP gaps). */
function typicalShare(samples: Int16Array, hz: number): number {
  const shares: number[] = [];
  for (let at = 0; at + 4000 <= samples.length; at += 4000)
    shares.push(toneShare(samples.slice(at, at + 4000), hz));
  shares.sort((a, b) => a - b);
  return shares[shares.length >> 1] ?? 0;
}

/** The highest share of `hz` over half-second windows (0.1 s steps), with the window's level. */
function strongestWindow(samples: Int16Array, hz: number) {
  let best = { share: 0, level: 0 };
  for (let at = 0; at + 4000 <= samples.length; at += 800) {
    const window = samples.slice(at, at + 4000);
    const share = toneShare(window, hz);
    if (share > best.share) best = { share, level: rms(window) };
  }
  return best;
}

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
    const transfer = recorded.find((e) => e.type === 'call.transfer');
    const ended = recorded.find((e) => e.type === 'call.ended');
    expect(transfer).toMatchObject({ mode: 'warm', ok: true });
    expect(ended).toMatchObject({ reason: 'transferred' });
    // The recording goes on after the handoff: it spans the bridged part, whose end holds both tones.
    const recording = recordingOf(String(ended?.recordingPath));
    const bridgedSeconds = (Number(ended?.at) - Number(transfer?.at)) / 1000;
    expect(bridgedSeconds).toBeGreaterThan(2);
    expect(Number(ended?.durationMs) / 1000).toBeGreaterThan(bridgedSeconds);
    expect(recording.seconds).toBeGreaterThan(Number(ended?.durationMs) / 1000 - 1);
    // Placed on the call's clock: from a second after the handoff to a second before the end, the right
    // channel holds the operator (1000 Hz) and the left the caller (400 Hz).
    const startedAt = Number(recorded.find((e) => e.type === 'call.started')?.at);
    const from = Math.round((Number(transfer?.at) - startedAt + 1000) * 8);
    const to = Math.round((Number(ended?.at) - startedAt - 1000) * 8);
    expect(typicalShare(recording.right.slice(from, to), 1000)).toBeGreaterThan(0.3);
    expect(typicalShare(recording.left.slice(from, to), 400)).toBeGreaterThan(0.3);
  }, 90_000);

  it("dials a bare number through the project's SIP connection and bridges the carrier's answer", async () => {
    // The carrier answers for the number itself (baresip on loopback, as the telephony tests use).
    const carrier = await startBaresip({
      sourcePcm: tone(1000, 60_000),
      autoAnswer: true,
      user: '+74951234567',
    });
    const caller = await startBaresip({ sourcePcm: tone(400, 60_000) });
    try {
      await db().sipConnection.create({
        data: {
          projectId,
          name: 'Carrier',
          provider: 'generic',
          host: '127.0.0.1',
          port: carrier.sipPort,
          authMode: 'ip',
          callerIdRules: { defaultCallerId: '+74950000000', format: 'e164' },
        },
      });
      await agentAt('warm-number', { kind: 'number', value: '+7 (495) 123-45-67' });
      await caller.command('dial', `sip:warm-number@127.0.0.1:${stack.sip.port}`);
      await caller.waitFor('CALL_ESTABLISHED', 10_000);
      const incoming = await carrier.waitFor('CALL_ESTABLISHED', 20_000);
      expect(JSON.stringify(incoming)).toContain('+74950000000');
      await new Promise((resolve) => setTimeout(resolve, 9000));
      await caller.command('hangup');
      await caller.waitFor('CALL_CLOSED', 10_000);
      await carrier.waitFor('CALL_CLOSED', 10_000);
    } finally {
      await caller.quit().catch(() => undefined);
      await carrier.quit().catch(() => undefined);
    }
    const heardByCaller = readWavSamples(caller.recordings().find((f) => f.endsWith('-dec.wav'))!);
    const tail = (s: Int16Array) => s.slice(Math.max(0, s.length - 16_000), s.length - 2000);
    expect(toneShare(tail(heardByCaller), 1000)).toBeGreaterThan(0.3);
    const recorded = await events();
    expect(recorded.find((e) => e.type === 'call.transfer')).toMatchObject({
      mode: 'warm',
      ok: true,
      target: { kind: 'number' },
    });
    expect(recorded.find((e) => e.type === 'call.ended')).toMatchObject({ reason: 'transferred' });
  }, 90_000);

  it('takes the failed port when nobody answers', async () => {
    const operator = await startBaresip({ sourcePcm: tone(1000, 5000) });
    const caller = await startBaresip({ sourcePcm: tone(400, 30_000) });
    try {
      await agentAt('warm-none', `sip:caller@127.0.0.1:${operator.sipPort}`, 'ru');
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
    // While the operator's phone rang the caller heard the Russian ringback (425 Hz), not silence.
    const heard = readWavSamples(caller.recordings().find((f) => f.endsWith('-dec.wav'))!);
    const ringing = strongestWindow(heard, 425);
    expect(ringing.share).toBeGreaterThan(0.5);
    expect(ringing.level).toBeGreaterThan(500);
  }, 60_000);

  it('cancels the ringing target at once when the caller hangs up, and records it', async () => {
    const operator = await startBaresip({ sourcePcm: tone(1000, 5000) });
    const caller = await startBaresip({ sourcePcm: tone(400, 30_000) });
    try {
      await agentAt('warm-gone', `sip:caller@127.0.0.1:${operator.sipPort}`);
      await caller.command('dial', `sip:warm-gone@127.0.0.1:${stack.sip.port}`);
      await caller.waitFor('CALL_ESTABLISHED', 10_000);
      await operator.waitFor('CALL_INCOMING', 20_000);
      await caller.command('hangup');
      await caller.waitFor('CALL_CLOSED', 10_000);
      await operator.waitFor('CALL_CLOSED', 10_000);
    } finally {
      await caller.quit().catch(() => undefined);
      await operator.quit().catch(() => undefined);
    }
    const recorded = await events();
    const transfer = recorded.find((e) => e.type === 'call.transfer');
    expect(transfer).toMatchObject({ mode: 'warm', ok: false });
    // Our CANCEL ended the ringing, not the ring timeout.
    expect(String(transfer?.error)).toMatch(
      /caller hung up while the target rang: 487 .*CANCEL sent by platform/,
    );
    expect(String(transfer?.error)).not.toMatch(/no answer in time/);
    const types = recorded.map((e) => e.type);
    expect(types.indexOf('call.transfer')).toBeLessThan(types.indexOf('call.ended'));
    expect(recorded.find((e) => e.type === 'call.ended')).toMatchObject({ reason: 'remote_hangup' });
  }, 60_000);
});
