import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rms } from '../audio/pcm.ts';
import type { VoiceCallEvent, VoiceCallEventOf } from '#server/calls/call-events.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createProject } from '../../../tests/support/factories.ts';
import { silence, VoiceTestClient } from './test-support/voice-test-client.ts';
import { parseScrape, samplesOf, valueOf } from '../../../tests/support/prometheus-scrape.ts';
import {
  fakeStt,
  startVoiceTestServer,
  synthesizeSpeech,
  type VoiceTestServer,
} from './test-support/voice-test-server.ts';

const BARGE_IN_BOUND_MS = 400;

// Real Redis, Silero VAD, espeak-ng, WebSocket and HTTP; only the recogniser is a stand-in.
const fixture = readFileSync(
  resolve(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'),
  'utf8',
);
const recordings = mkdtempSync(join(tmpdir(), 'voice-rec-'));
const stt = fakeStt('support');
let orders: Server;
let server: VoiceTestServer;
let speech: Int16Array;
// Real projects: a call's tools read its project's tool settings (allowed hosts, time zone) from Postgres.
let p1 = '';

const of = <T extends VoiceCallEvent['type']>(events: VoiceCallEvent[], type: T) =>
  events.filter((e): e is VoiceCallEventOf<T> => e.type === type);

async function callEnded(callId: string, timeoutMs = 10_000): Promise<VoiceCallEventOf<'call.ended'>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ended = of(server.eventsOf(callId), 'call.ended')[0];
    if (ended) return ended;
    if (Date.now() > deadline) throw new Error(`call ${callId} did not end`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function connect(ticket: string) {
  const client = await VoiceTestClient.connect(server.wsUrl(ticket));
  const ready = await client.until(() => client.message('ready'), 5000, 'ready');
  return { client, callId: ready.message.callId };
}

beforeAll(async () => {
  // The order-status tool answers slowly: the dead-air watchdog must cover the wait.
  orders = createServer((_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"A-7"}'), 3000);
  });
  await new Promise<void>((ok) => orders.listen(0, '127.0.0.1', ok));
  const port = (orders.address() as AddressInfo).port;
  const flow = JSON.parse(fixture.replace('http://127.0.0.1:9/status', `http://127.0.0.1:${port}/status`));
  p1 = (await createProject(db(), 'Browser calls')).id;
  const p2 = (await createProject(db(), 'Browser calls, another project')).id;
  const grant = (settings = {}) => ({ projectId: p1, flow, settings });
  server = await startVoiceTestServer({
    stt,
    allowHosts: ['127.0.0.1'],
    maxCallsPerProject: 3,
    settings: { endSilenceMs: 500, deadAirMs: 1200 },
    tickets: {
      good: grant({ recordingDir: recordings }),
      short: grant({ maxCallMs: 1500 }),
      other: { projectId: p2, flow },
    },
  });
  speech = await synthesizeSpeech('I would like support, please.');
}, 60_000);

afterAll(async () => {
  await server?.close();
  orders?.close();
  rmSync(recordings, { recursive: true, force: true });
  await disconnectDb();
});

describe('browser call through the voice gateway', () => {
  it('greets with speech at once, and a keypad press moves the flow to its goodbye and hangup', async () => {
    const started = Date.now();
    const { client, callId } = await connect('good');
    const firstAudio = await client.until(() => client.firstAudioAfter(0), 5000, 'greeting audio');
    // At once, before any input: the bench measures how fast; a loaded CI machine must not fail this.
    expect(firstAudio - started).toBeLessThan(5000);
    await client.until(() => client.message('reply', (m) => m.text.startsWith('For sales')), 5000, 'menu');
    client.dtmf('1');
    await client.until(() => client.message('reply', (m) => m.text === 'You chose sales.'), 5000, 'choice');
    expect(await client.closed).toBe(1000);
    const ended = await callEnded(callId);
    expect(ended).toMatchObject({ reason: 'flow_hangup', disposition: 'menu_done', turns: 2 });
    const turns = of(server.eventsOf(callId), 'turn.completed');
    expect(turns.map((t) => t.trigger)).toEqual(['start', 'dtmf']);
    expect(turns[1]).toMatchObject({
      input: '1',
      nodePath: expect.arrayContaining(['menu', 'confirm', 'bye']),
    });
    expect(turns[1]!.timings.runtimeMs).toBeGreaterThan(0);
    expect(turns[1]!.timings.firstAudioMs).toBeDefined();

    // The recording: stereo, the agent on the right, the caller (silent here) on the left.
    const wav = readFileSync(ended.recordingPath!);
    expect(wav.readUInt16LE(22)).toBe(2);
    const right = new Int16Array((wav.length - 44) / 4);
    for (let i = 0; i < right.length; i += 1) right[i] = wav.readInt16LE(44 + i * 4 + 2);
    expect(rms(right)).toBeGreaterThan(300);
  });

  it('hears speech: VAD onset cuts the prompt (target 200 ms), endpointing ends the utterance, STT text drives the flow', async () => {
    const { client, callId } = await connect('good');
    await client.until(() => client.firstAudioAfter(0), 5000, 'greeting audio');
    await client.stream(silence(400));
    const sentAt = await client.stream(speech);
    // Onset as the caller produced it: the first loud frame sent.
    let onsetIndex = 0;
    while (
      onsetIndex * 320 < speech.length &&
      rms(speech.subarray(onsetIndex * 320, onsetIndex * 320 + 320)) < 300
    )
      onsetIndex += 1;
    const onsetSentAt = sentAt[onsetIndex]!;
    await client.stream(silence(900));
    const clear = await client.until(() => client.message('clear'), 3000, 'barge-in clear');
    // The target is 200 ms (met on an idle machine: VAD window + one frame); a loaded CI machine delays the
    // event loop, and tests must not fail because a machine is slow, so the bound here is looser.
    expect(clear.at - onsetSentAt).toBeLessThanOrEqual(BARGE_IN_BOUND_MS);
    // Nothing of the cut prompt arrives after the clear (one frame may already be on the wire).
    const reply = await client.until(
      () => client.message('reply', (m) => m.text === 'You chose support.'),
      5000,
      'reply to speech',
    );
    const leaked = client.frames.filter((f) => f.at > clear.at + 25 && f.at < reply.at && f.rms > 300);
    expect(leaked).toHaveLength(0);

    const events = server.eventsOf(callId);
    const bargeIn = of(events, 'call.barge_in')[0]!;
    expect(bargeIn.latencyMs).toBeLessThanOrEqual(BARGE_IN_BOUND_MS);
    expect(bargeIn.droppedFrames).toBeGreaterThan(0);
    const ended = of(events, 'call.speech_ended')[0]!;
    expect(ended.endSilenceMs).toBe(500);
    expect(ended.endpointingMs).toBeGreaterThanOrEqual(480);
    expect(ended.speechMs).toBeGreaterThan(800);
    expect(of(events, 'call.transcript').at(-1)).toMatchObject({ text: 'support', final: true });
    expect(stt.heard.at(-1)!.length).toBeGreaterThan(speech.length * 0.7);
    const turn = of(events, 'turn.completed').find((t) => t.trigger === 'utterance')!;
    expect(turn).toMatchObject({ input: 'support' });
    expect(turn.timings).toMatchObject({
      endpointingMs: expect.any(Number),
      sttMs: expect.any(Number),
      ttsFirstByteMs: expect.any(Number),
      responseMs: expect.any(Number),
    });
    await callEnded(callId);
  }, 20_000);

  it('ends cleanly when the caller hangs up mid-prompt', async () => {
    const { client, callId } = await connect('good');
    await client.until(() => client.firstAudioAfter(0), 5000, 'greeting audio');
    client.close();
    const ended = await callEnded(callId);
    expect(ended.reason).toBe('remote_hangup');
    // The registry lets go of the call right after its end event.
    for (let i = 0; i < 100 && server.gateway.registry.activeFor(p1) > 0; i++)
      await new Promise((r) => setTimeout(r, 30));
    expect(server.gateway.registry.activeFor(p1)).toBe(0);
  });

  it('plays a filler when the reply is late, then the reply', async () => {
    const { client, callId } = await connect('good');
    await client.until(() => client.message('reply', (m) => m.text.startsWith('For sales')), 5000, 'menu');
    client.dtmf('3');
    const pressedAt = Date.now();
    await client.until(
      () => client.message('reply', (m) => m.text.startsWith('Your order A-7')),
      8000,
      'reply',
    );
    const filler = of(server.eventsOf(callId), 'call.dead_air_filler')[0]!;
    expect(filler.text).toBe('One moment.');
    expect(filler.waitedMs).toBeGreaterThanOrEqual(1150);
    // The tool takes 3 s: the filler (due at about 1.2 s) must come, and be heard, well before its answer.
    expect(filler.at - pressedAt).toBeLessThan(2700);
    expect(client.firstAudioAfter(pressedAt + 1100)).toBeLessThan(pressedAt + 2900);
    // The turn is complete at its first reply frame, which the voice's thread may send a moment after the text.
    const dtmfTurn = () => of(server.eventsOf(callId), 'turn.completed').find((t) => t.trigger === 'dtmf');
    await client.until(() => dtmfTurn() !== undefined, 5000, 'the turn');
    expect(dtmfTurn()!.filler).toBe(true);
    await callEnded(callId);
  });

  it('ends a call at its maximum length', async () => {
    const { client, callId } = await connect('short');
    const code = await client.closed;
    expect(code).toBe(1000);
    const ended = await callEnded(callId);
    expect(ended.reason).toBe('max_duration');
    expect(ended.durationMs).toBeGreaterThanOrEqual(1450);
    expect(ended.durationMs).toBeLessThan(2500);
  });

  it('refuses calls beyond the project limit and serves /metrics', async () => {
    const calls = await Promise.all([connect('good'), connect('good'), connect('good')]);
    await expect(VoiceTestClient.connect(server.wsUrl('good'))).rejects.toThrow('HTTP 429');
    const other = await connect('other'); // another project has its own limit
    await expect(VoiceTestClient.connect(server.wsUrl('nope'))).rejects.toThrow('HTTP 401');

    const metrics = parseScrape(await (await fetch(`${server.base}/metrics`)).text());
    expect(samplesOf(metrics, 'voice_calls_active').find((s) => !s.labels.project)?.value).toBe(4);
    expect(valueOf(metrics, 'voice_calls_active', { project: p1 })).toBe(3);
    expect(valueOf(metrics, 'voice_calls_refused_total', { reason: 'project_limit' })).toBe(1);
    expect(valueOf(metrics, 'voice_dead_air_fillers_total')).toBe(1);
    expect(
      samplesOf(metrics, 'voice_stage_latency_ms', { stage: 'runtime' })[0]?.buckets?.['+Inf'],
    ).toBeGreaterThan(0);
    expect(valueOf(metrics, 'voice_barge_ins_total')).toBeGreaterThan(0);
    for (const { client, callId } of [...calls, other]) {
      client.hangup();
      await callEnded(callId);
    }
  });

  it('drains: refuses new calls, lets current ones run, and hangs up what is left at the deadline', async () => {
    const { client, callId } = await connect('good');
    await client.until(() => client.firstAudioAfter(0), 5000, 'greeting audio');
    const drained = server.gateway.registry.drain(800);
    await expect(VoiceTestClient.connect(server.wsUrl('good'))).rejects.toThrow('HTTP 503');
    expect(client.open).toBe(true);
    expect(await drained).toEqual({ finished: 0, forced: 1 });
    expect((await callEnded(callId)).reason).toBe('drain');
    expect(await client.closed).toBe(1000);
  });
});
