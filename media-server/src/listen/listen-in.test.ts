import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { authContext } from '#server/auth/auth-context.server.ts';
import { parseJwtKeys } from '#server/auth/jwt.server.ts';
import { grantForListenTicket, signListenTicket } from '#server/browser-voice/listen-ticket.server.ts';
import { signVoiceTicket } from '#server/browser-voice/voice-ticket.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { listenMessageSchema, type ListenMessage } from '../../../app/lib/monitor/listen-messages.ts';
import { createProject } from '../../../tests/support/factories.ts';
import { int16ToLeBytes, rms } from '../audio/pcm.ts';
import { silence, VoiceTestClient } from '../browser/test-support/voice-test-client.ts';
import {
  fakeStt,
  startVoiceTestServer,
  synthesizeSpeech,
  type VoiceTestServer,
} from '../browser/test-support/voice-test-server.ts';

// Listen-in end to end at the media server: a real browser call (WebSocket, Silero VAD, espeak-ng), a
// supervisor's socket on /voice/v1/listen with tickets signed and checked as in production (JWT keys, Redis).
const flow = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
);
let server: VoiceTestServer;
let p1 = '';
let p2 = '';
const userId = crypto.randomUUID();

/** A listener's socket: every message and the loudness of every frame, as they arrive. */
class Listener {
  readonly frames: { at: number; rms: number; samples: number }[] = [];
  readonly messages: ListenMessage[] = [];
  readonly closed: Promise<number>;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, binary) => {
      const bytes = data as Buffer;
      if (!binary) return void this.messages.push(listenMessageSchema.parse(JSON.parse(bytes.toString())));
      const pcm = new Int16Array(bytes.length >> 1);
      for (let i = 0; i < pcm.length; i += 1) pcm[i] = bytes.readInt16LE(i * 2);
      this.frames.push({ at: Date.now(), rms: rms(pcm), samples: pcm.length });
    });
    this.closed = new Promise((ok) => ws.on('close', (code) => ok(code)));
  }
}

/** Opens the listen socket; resolves the listener, or the HTTP status the upgrade was refused with. */
function listen(ticket: string): Promise<Listener | number> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(server.listenUrl(ticket));
    const listener = new Listener(ws);
    ws.once('open', () => ok(listener));
    ws.once('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
    ws.once('error', fail);
  });
}

async function until<T>(check: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ticket = (projectId: string, callId: string, nowMs?: number, mode?: 'whisper' | 'barge' | 'takeover') =>
  signListenTicket(authContext().keys, { projectId, callId, userId, ...(mode ? { mode } : {}) }, nowMs);

beforeAll(async () => {
  p1 = (await createProject(db(), 'Listen-in')).id;
  p2 = (await createProject(db(), 'Listen-in, another project')).id;
  const { keys, redis } = authContext();
  server = await startVoiceTestServer({
    stt: fakeStt('support'),
    settings: { endSilenceMs: 500 },
    tickets: { call: { projectId: p1, flow } },
    verifyListenTicket: (t) => grantForListenTicket(keys, t, redis),
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('listen-in at the media server', () => {
  it('plays a live call to a supervisor with a ticket for it: the agent and the caller, mixed; refuses any other ticket', async () => {
    const caller = await VoiceTestClient.connect(server.wsUrl('call'));
    const ready = await caller.until(() => caller.message('ready'), 5000, 'ready');
    const callId = ready.message.callId;

    // Refused before anything is heard: no ticket, forged, expired, another project's, a voice ticket, an
    // unknown call. Not live in the ticket's project answers the same as not live at all.
    expect(await listen('')).toBe(401);
    expect(await listen('not-a-ticket')).toBe(401);
    const otherKeys = parseJwtKeys(`other:${Buffer.alloc(32, 7).toString('base64')}`);
    expect(await listen(await signListenTicket(otherKeys, { projectId: p1, callId, userId }))).toBe(401);
    expect(await listen(await ticket(p1, callId, Date.now() - 120_000))).toBe(401);
    expect(await listen(await ticket(p2, callId))).toBe(404);
    expect(await listen(await ticket(p1, 'web-no-such-call'))).toBe(404);
    const voiceTicket = await signVoiceTicket(authContext().keys, {
      projectId: p1,
      agentId: crypto.randomUUID(),
      versionId: null,
      userId,
    });
    expect(await listen(voiceTicket)).toBe(401);

    const good = await ticket(p1, callId);
    const listener = await listen(good);
    if (typeof listener === 'number') throw new Error(`refused with ${listener}`);
    // One connection per ticket.
    expect(await listen(good)).toBe(401);
    await until(() => listener.messages[0], 3000, 'ready');
    expect(listener.messages[0]).toEqual({ type: 'ready', callId, sampleRate: 16000, frameMs: 20 });

    // The greeting: the agent's side is heard, in 20 ms frames at the call's rate.
    await until(() => listener.frames.some((f) => f.rms > 300), 8000, 'the agent heard');
    expect(listener.frames.every((f) => f.samples === 320)).toBe(true);
    // The caller's side: wait until the agent is quiet, then speak.
    await caller.until(() => caller.message('reply', (m) => m.text.startsWith('For sales')), 8000, 'menu');
    await until(
      () => listener.frames.length > 25 && listener.frames.slice(-25).every((f) => f.rms < 50),
      15_000,
      'the agent quiet',
    );
    const before = listener.frames.length;
    await caller.stream(await synthesizeSpeech('Hello there, I would like some help.'));
    await caller.stream(silence(200));
    expect(Math.max(...listener.frames.slice(before).map((f) => f.rms))).toBeGreaterThan(300);

    // The call ends: the listener is told and let go.
    caller.close();
    await until(() => listener.messages.some((m) => m.type === 'ended'), 5000, 'ended');
    expect(await listener.closed).toBe(1000);
  }, 60_000);

  it('a supervisor takes the call over: the bot falls silent within 200 ms and the caller hears the supervisor', async () => {
    const caller = await VoiceTestClient.connect(server.wsUrl('call'));
    const ready = await caller.until(() => caller.message('ready'), 5000, 'ready');
    const callId = ready.message.callId;
    // No operator on this call: a whisper is refused, and says so.
    const whisper = await listen(await ticket(p1, callId, undefined, 'whisper'));
    if (typeof whisper === 'number') throw new Error(`refused with ${whisper}`);
    expect(await whisper.closed).toBe(4409);
    expect(whisper.messages).toEqual([{ type: 'refused', mode: 'whisper' }]);

    // The greeting is playing when the supervisor takes over.
    await caller.until(() => caller.firstAudioAfter(0), 8000, 'the greeting');
    const supervisor = await listen(await ticket(p1, callId, undefined, 'takeover'));
    if (typeof supervisor === 'number') throw new Error(`refused with ${supervisor}`);
    await until(() => supervisor.messages[0], 3000, 'ready');
    const tookOver = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    const lastBotFrame = caller.frames.filter((f) => f.rms > 300).at(-1)?.at ?? 0;
    expect(lastBotFrame - tookOver).toBeLessThan(200);
    // The supervisor speaks (a 600 Hz tone, 20 ms frames at the call's 16 kHz): the caller hears it.
    const tone = new Int16Array(320);
    for (let i = 0; i < tone.length; i += 1)
      tone[i] = Math.round(6000 * Math.sin((2 * Math.PI * 600 * i) / 16_000));
    const spokeAt = Date.now();
    for (let i = 0; i < 25; i += 1) supervisor.ws.send(int16ToLeBytes(tone));
    await caller.until(() => caller.firstAudioAfter(spokeAt), 3000, 'the supervisor heard');
    // The supervisor leaves: the call ends (the bot no longer runs it).
    supervisor.ws.close();
    expect(await caller.closed).toBeGreaterThan(0);
  }, 60_000);

  it('stops sending when the supervisor stops listening', async () => {
    const caller = await VoiceTestClient.connect(server.wsUrl('call'));
    const ready = await caller.until(() => caller.message('ready'), 5000, 'ready');
    const callId = ready.message.callId;
    const listener = await listen(await ticket(p1, callId));
    if (typeof listener === 'number') throw new Error(`refused with ${listener}`);
    await until(() => listener.frames.length > 5, 3000, 'frames');
    listener.ws.close();
    await listener.closed;
    const tap = server.gateway.call(callId)!.session.listenTap;
    await until(() => tap.listeners === 0, 2000, 'the tap let go');
    caller.close();
  }, 30_000);
});
