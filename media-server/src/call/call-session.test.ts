// CallSession on its own: a real flow, the real runtime and conversation store (on Redis), an in-memory leg,
// tone TTS and an energy VAD, and fake timers as the call's clock. Barge-in, the dead-air filler, the
// no-input timer, a failed transfer and the maximum call duration, each at the time it is due.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildFlow } from '#flow-runtime/testing/build-flow';
import type { KnowledgeChunk, KnowledgeQuery } from '#flow-runtime/ports';
import type { VoiceCallEvent, VoiceCallEventOf } from '#server/calls/call-events.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
import { PromptAudioCache } from '../audio/prompt-audio-cache.ts';
import { ConversationStore } from '../conversation/conversation-store.ts';
import { rms } from '../audio/pcm.ts';
import { CallSession, type CallSessionDeps, type CallSummary } from './call-session.ts';
import type { CallSettingsInput } from './call-settings.ts';
import { callerFrame, energyVad, InMemoryLeg, toneTts } from './test-support/in-memory-call-parts.ts';
import type { LegEndReason, LegEvents, MediaLeg, PcmFrame } from './media-leg.ts';

/** An operator's browser leg (16 kHz): what it is sent is kept, and the test speaks for it. */
class OperatorLeg implements MediaLeg {
  readonly sampleRate = 16_000 as const;
  readonly callId = `op-${randomUUID()}`;
  readonly from = 'operator';
  readonly to = 'call';
  readonly queuedFrames = 0;
  readonly played: PcmFrame[] = [];
  readonly digits: string[] = [];
  ended: LegEndReason | undefined;
  private readonly listeners = {
    audio: new Set<LegEvents['audio']>(),
    dtmf: new Set<LegEvents['dtmf']>(),
    ended: new Set<LegEvents['ended']>(),
  };
  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    (this.listeners[event] as Set<LegEvents[E]>).add(listener);
  }
  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    (this.listeners[event] as Set<LegEvents[E]>).delete(listener);
  }
  play(frame: PcmFrame): void {
    this.played.push(frame);
  }
  clearPlayback(): number {
    return 0;
  }
  async sendDtmf(digit: string): Promise<void> {
    this.digits.push(digit);
  }
  async transfer(): Promise<void> {
    throw new Error('no');
  }
  async hangup(reason: LegEndReason = 'local_hangup'): Promise<void> {
    this.emit('ended', reason);
  }
  emit<E extends keyof LegEvents>(event: E, ...args: Parameters<LegEvents[E]>): void {
    if (this.ended) return;
    if (event === 'ended') this.ended = args[0] as LegEndReason;
    for (const listener of this.listeners[event]) (listener as (...a: typeof args) => void)(...args);
  }
}

/** 20 ms of a loud 1 kHz tone at 16 kHz. */
function operatorFrame(): PcmFrame {
  const frame = new Int16Array(320);
  for (let i = 0; i < frame.length; i += 1)
    frame[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 16_000));
  return frame;
}

// Saved before the timers are faked: Redis answers in real time, so the tests wait for it in real time.
const realSetTimeout = globalThis.setTimeout;
const realPause = () => new Promise((resolve) => realSetTimeout(resolve, 2));

const logger = createLogger('call-session-test', process.env.LOG_LEVEL ?? 'silent');
const redis = createRedis({
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  REDIS_PREFIX: `call-session-test-${randomUUID().slice(0, 8)}`,
});
const conversations = new ConversationStore(redis);
const PROMPT_MS = 1000;

/** A store whose next `failures` turns find Redis out of reach, as ioredis reports it. */
class FlakyConversations extends ConversationStore {
  failures = 0;
  override async handle(...args: Parameters<ConversationStore['handle']>) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('Reached the max retries per request limit (which is 3).'), {
        name: 'MaxRetriesPerRequestError',
      });
    }
    return super.handle(...args);
  }
}

/** The knowledge port the dead-air flow searches: it answers when the test lets it. */
let knowledgeSearch: { query: KnowledgeQuery; answer: (chunks: KnowledgeChunk[]) => void } | undefined;
const portsFor = cachedPortsFor({
  logger,
  allowHosts: [],
  knowledgeFor: () => ({
    search: (query) =>
      new Promise<KnowledgeChunk[]>((answer) => {
        knowledgeSearch = { query, answer };
      }),
  }),
});

/** A flow built from [id, type, data] nodes and [source, port, target] edges, speaking English. */
const englishFlow = (...[nodes, edges]: Parameters<typeof buildFlow>) =>
  buildFlow(nodes, edges, { settings: { language: 'en' } });

const menuFlow = (askData: Record<string, unknown> = {}) =>
  englishFlow(
    [
      ['start', 'start'],
      [
        'menu',
        'ask',
        {
          prompt: 'For sales, say sales. For support, say support.',
          variable: 'dept',
          slotType: 'choice',
          choices: [{ value: 'sales' }, { value: 'support' }],
          noInputPrompt: 'Are you still there?',
          maxRetries: 1,
          ...askData,
        },
      ],
      ['confirm', 'say', { text: 'You chose {{dept}}.' }],
      ['bye', 'end', { disposition: 'menu_done' }],
    ],
    [
      ['start', 'next', 'menu'],
      ['menu', 'next', 'confirm'],
      ['confirm', 'next', 'bye'],
    ],
  );

let leg: InMemoryLeg;
let events: VoiceCallEvent[];
let session: CallSession | undefined;

function startCall(
  flow: unknown,
  settings: CallSettingsInput = {},
  store: ConversationStore = conversations,
  variables?: Record<string, string>,
  extra: Pick<CallSessionDeps, 'findQueue'> = {},
): CallSession {
  session = new CallSession({
    ...extra,
    leg,
    flow,
    projectId: 'p-session-test',
    ...(variables ? { variables } : {}),
    conversations: store,
    portsFor,
    tts: toneTts(PROMPT_MS),
    vad: energyVad,
    promptCache: new PromptAudioCache(),
    clock: { now: () => Date.now() },
    logger,
    events: (event) => events.push(event),
    settings: { defaultLanguage: 'en', ...settings },
  });
  void session.start();
  return session;
}

const of = <T extends VoiceCallEvent['type']>(type: T) =>
  events.filter((e): e is VoiceCallEventOf<T> => e.type === type);

/**
 * Lets the call run until `check` holds: fake time moves 20 ms a step (one frame), with a real pause between
 * steps for Redis. Fails when `budgetMs` of call time passes first.
 */
async function runUntil(check: () => boolean, budgetMs: number, what: string): Promise<void> {
  for (let spent = 0; !check(); spent += 20) {
    if (spent > budgetMs) throw new Error(`${what}: not within ${budgetMs} ms of call time`);
    await realPause();
    await vi.advanceTimersByTimeAsync(20);
  }
}

/** Waits in real time only (the call's clock stands still), for what only Redis holds up. */
async function settle(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within 5 s`);
    await realPause();
    await vi.advanceTimersByTimeAsync(0);
  }
}

const stateIs = (state: string) => () => of('call.state').at(-1)?.state === state;

beforeAll(async () => {
  await redis.ping();
});

afterAll(async () => {
  await redis.quit();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date('2026-12-07T12:00:00Z'));
  events = [];
  knowledgeSearch = undefined;
  leg = new InMemoryLeg(`call-${randomUUID()}`, () => Date.now());
});

afterEach(async () => {
  if (session) {
    const ending = session.end();
    await runUntil(() => of('call.ended').length > 0, 10_000, 'the call ends').catch(() => undefined);
    await ending;
  }
  session = undefined;
  leg.close();
  vi.useRealTimers();
});

describe('CallSession', () => {
  it('barge-in: caller speech over an interruptible prompt drops the rest of it at once', async () => {
    startCall(menuFlow());
    await runUntil(() => leg.sentFrames > 5, 2000, 'the question playing');
    const queuedBefore = leg.queuedFrames;
    expect(queuedBefore).toBeGreaterThan(10);
    const speechStartedAt = Date.now();
    for (let i = 0; i < 5; i += 1) {
      leg.emit('audio', callerFrame(true));
      await vi.advanceTimersByTimeAsync(20);
    }
    const [bargeIn] = of('call.barge_in');
    expect(bargeIn).toBeDefined();
    expect(bargeIn!.droppedFrames).toBeGreaterThan(0);
    expect(leg.clearedFrames).toBe(bargeIn!.droppedFrames);
    expect(leg.queuedFrames).toBe(0);
    // The VAD needs 64 ms of voice for an onset; the prompt stops within the next frame after it.
    expect(bargeIn!.at - speechStartedAt).toBeLessThanOrEqual(100);
    expect(of('call.speech_started').at(-1)).toMatchObject({ accepted: true });
    expect(stateIs('listening')()).toBe(true);
  });

  it('barge-in: speech over a prompt that must be heard out is not taken as an answer', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['notice', 'say', { text: 'This call is recorded.', interruptible: false }],
        ['menu', 'ask', { prompt: 'Sales or support?', variable: 'dept' }],
      ],
      [
        ['start', 'next', 'notice'],
        ['notice', 'next', 'menu'],
      ],
    );
    startCall(flow);
    await runUntil(() => leg.sentFrames > 5, 2000, 'the notice playing');
    for (let i = 0; i < 5; i += 1) {
      leg.emit('audio', callerFrame(true));
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(of('call.barge_in')).toHaveLength(0);
    expect(leg.clearedFrames).toBe(0);
    expect(of('call.speech_started').at(-1)).toMatchObject({ accepted: false });
  });

  it('no-input: the silence turn comes noInputTimeoutMs after the question has been heard, not before', async () => {
    startCall(menuFlow({ noInputTimeoutMs: 3000 }));
    await runUntil(() => leg.drainedAt !== undefined, 3000, 'the question heard to the end');
    const heardAt = leg.drainedAt!;
    await runUntil(() => Date.now() - heardAt >= 2900, 3000, 'just before the timeout');
    expect(of('turn.completed').map((t) => t.trigger)).toEqual(['start']);
    await runUntil(() => of('turn.completed').length >= 2, 500, 'the silence turn');
    const silenceTurn = of('turn.completed')[1]!;
    expect(silenceTurn.trigger).toBe('silence');
    expect(silenceTurn.reply).toContain('Are you still there?');
    // The silence turn starts (the call thinks) once playback ran dry (checked every 20 ms) and 3 s passed.
    const thinking = of('call.state').filter((e) => e.state === 'thinking' && e.at > heardAt)[0]!;
    expect(thinking.at - heardAt).toBeGreaterThanOrEqual(3000);
    expect(thinking.at - heardAt).toBeLessThanOrEqual(3040);
  });

  it('dead air: a reply later than deadAirMs after the caller finished gets a filler first', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        [
          'menu',
          'ask',
          {
            prompt: 'Press 1 for the opening hours.',
            variable: 'topic',
            slotType: 'choice',
            choices: [{ value: 'hours' }],
            inputModes: 'dtmf',
          },
        ],
        ['lookup', 'knowledge', { knowledgeBaseIds: ['kb-hours'], query: 'opening hours' }],
        ['answer', 'say', { text: 'Here is what I found.' }],
      ],
      [
        ['start', 'next', 'menu'],
        ['menu', 'next', 'lookup'],
        ['lookup', 'found', 'answer'],
        ['lookup', 'not_found', 'answer'],
      ],
    );
    startCall(flow, { deadAirMs: 1200 });
    await runUntil(() => leg.drainedAt !== undefined, 3000, 'the question heard');
    const pressedAt = Date.now();
    leg.emit('dtmf', '1');
    await settle(() => knowledgeSearch !== undefined, 'the knowledge search');
    expect(knowledgeSearch!.query.knowledgeBaseIds).toEqual(['kb-hours']);
    await runUntil(() => Date.now() - pressedAt >= 1100, 1200, 'just before the dead-air limit');
    expect(of('call.dead_air_filler')).toHaveLength(0);
    await runUntil(() => of('call.dead_air_filler').length > 0, 200, 'the filler');
    const [filler] = of('call.dead_air_filler');
    expect(filler!.text).toBe('One moment.');
    expect(filler!.waitedMs).toBeGreaterThanOrEqual(1200);
    expect(filler!.waitedMs).toBeLessThanOrEqual(1240);
    knowledgeSearch!.answer([
      { id: 'c1', text: 'We open at nine.', score: 0.9, source: { id: 's1', title: 'Hours' } },
    ]);
    await runUntil(() => of('turn.completed').length >= 2, 3000, 'the answer turn');
    const answerTurn = of('turn.completed')[1]!;
    expect(answerTurn).toMatchObject({ trigger: 'dtmf', reply: 'Here is what I found.' });
    expect(of('call.dead_air_filler')).toHaveLength(1);
  });

  it('dead air: a reply in time gets no filler', async () => {
    startCall(menuFlow({ inputModes: 'dtmf' }), { deadAirMs: 1200 });
    await runUntil(() => leg.drainedAt !== undefined, 3000, 'the question heard');
    leg.emit('dtmf', '2');
    // The clock stands still while the turn runs: however slow Redis is here, the reply is in time.
    await settle(() => of('turn.completed').length >= 2, 'the answer turn');
    await runUntil(() => false, 1500, 'more time').catch(() => undefined);
    expect(of('turn.completed')[1]).toMatchObject({ trigger: 'dtmf', reply: 'You chose support.' });
    expect(of('call.dead_air_filler')).toHaveLength(0);
  });

  it('Redis out of reach for a moment: the turn is tried again and the call goes on', async () => {
    const flaky = new FlakyConversations(redis);
    startCall(menuFlow({ inputModes: 'dtmf' }), {}, flaky);
    await runUntil(() => leg.drainedAt !== undefined, 3000, 'the question heard');
    flaky.failures = 2;
    leg.emit('dtmf', '2');
    await runUntil(() => of('turn.completed').length >= 2, 8000, 'the answer turn once Redis is back');
    expect(flaky.failures).toBe(0);
    expect(of('turn.completed')[1]).toMatchObject({ trigger: 'dtmf', reply: 'You chose support.' });
    expect(of('call.ended')).toHaveLength(0);
  });

  it('transfer failure: the flow goes on through its failed port, and the call stays up', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        [
          'handoff',
          'transfer',
          { target: { kind: 'number', value: '+15551234' }, mode: 'cold', message: 'Connecting you now.' },
        ],
        ['sorry', 'say', { text: 'Nobody is free right now.' }],
        ['bye', 'end', { disposition: 'transfer_failed' }],
      ],
      [
        ['start', 'next', 'handoff'],
        ['handoff', 'failed', 'sorry'],
        ['sorry', 'next', 'bye'],
      ],
    );
    leg.transferOutcome = { ok: false, error: 'REFER rejected with 486' };
    const call = startCall(flow);
    await runUntil(() => of('call.ended').length > 0, 10_000, 'the call to end');
    expect(leg.transfers).toEqual([{ target: '+15551234', mode: 'cold' }]);
    expect(of('call.transfer')).toEqual([
      expect.objectContaining({ ok: false, error: 'REFER rejected with 486', mode: 'cold' }),
    ]);
    expect(of('turn.completed').map((t) => t.trigger)).toEqual(['start', 'transfer_failed']);
    expect(of('call.reply').map((r) => r.text)).toContain('Nobody is free right now.');
    const summary: CallSummary = await call.done;
    expect(summary).toMatchObject({ reason: 'flow_hangup', disposition: 'transfer_failed', turns: 2 });
    expect(leg.hungUpWith).toBe('local_hangup');
  });

  it('transfer: an accepted transfer ends the call as transferred', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'number', value: '+15551234' }, mode: 'cold' }],
      ],
      [['start', 'next', 'handoff']],
    );
    const call = startCall(flow);
    await runUntil(() => of('call.ended').length > 0, 5000, 'the call to end');
    expect(of('call.transfer')).toEqual([expect.objectContaining({ ok: true })]);
    expect(await call.done).toMatchObject({ reason: 'transferred', disposition: 'transferred:number' });
  });

  it('transfer to an operator queue: the caller stays on the line waiting, the transfer reported as queued', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'warm' }],
      ],
      [['start', 'next', 'handoff']],
    );
    const asked: string[] = [];
    startCall(flow, {}, conversations, undefined, {
      findQueue: async (name) => (asked.push(name), { maxWaitMs: 60_000 }),
    });
    await runUntil(() => of('call.transfer').length > 0, 5000, 'the transfer');
    expect(asked).toEqual(['reception']);
    expect(of('call.transfer')).toEqual([
      expect.objectContaining({ ok: true, target: { kind: 'queue', value: 'reception' } }),
    ]);
    // Routing offers the call from the workers; here nothing ends it: no REFER, no hangup.
    expect(leg.transfers).toEqual([]);
    expect(of('call.ended')).toHaveLength(0);
    expect(leg.hungUpAt).toBeUndefined();
  });

  it('transfer to a queue the project does not have fails at once', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'nobody' }, mode: 'warm' }],
      ],
      [['start', 'next', 'handoff']],
    );
    startCall(flow, {}, conversations, undefined, { findQueue: async () => null });
    await runUntil(() => of('call.transfer').length > 0, 5000, 'the transfer');
    expect(of('call.transfer')).toEqual([
      expect.objectContaining({ ok: false, error: 'no operator queue "nobody"' }),
    ]);
  });

  it('a queued caller waits no longer than the queue allows, then the flow goes on', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'warm' }],
      ],
      [['start', 'next', 'handoff']],
    );
    startCall(flow, {}, conversations, undefined, { findQueue: async () => ({ maxWaitMs: 200 }) });
    await runUntil(() => of('call.transfer').length > 1, 5000, 'the end of the wait');
    expect(of('call.transfer').map((t) => t.ok)).toEqual([true, false]);
    expect(of('call.transfer')[1]).toMatchObject({ error: expect.stringMatching(/maximum wait/) });
  });

  it('a closed queue sends the caller back to the bot at the queue’s block at once, with the reason', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'warm' }],
        ['message', 'say', { text: 'Leave a message after the tone ({{queue_outcome}}).' }],
        ['bye', 'end', { disposition: 'message_taken' }],
      ],
      [
        ['start', 'next', 'handoff'],
        ['message', 'next', 'bye'],
      ],
    );
    const call = startCall(flow, {}, conversations, undefined, {
      findQueue: async () => ({
        maxWaitMs: 60_000,
        closed: true,
        afterWait: { kind: 'node', nodeId: 'message', message: '' },
      }),
    });
    await runUntil(() => of('call.ended').length > 0, 10_000, 'the bot to finish the call');
    expect(of('call.queue')).toEqual([
      expect.objectContaining({ action: 'closed', queue: 'reception', then: 'node', target: 'message' }),
    ]);
    expect(of('call.reply').map((r) => r.text)).toEqual([
      'Our operators are not working right now. Let me help you myself.',
      'Leave a message after the tone (closed).',
    ]);
    expect(await call.done).toMatchObject({ reason: 'flow_hangup', disposition: 'message_taken' });
  });

  it('after the maximum wait the caller moves to the next queue, then to its phone number, as each queue says', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'warm' }],
      ],
      [['start', 'next', 'handoff']],
    );
    const queues: Record<
      string,
      NonNullable<Awaited<ReturnType<NonNullable<CallSessionDeps['findQueue']>>>>
    > = {
      reception: { maxWaitMs: 300, afterWait: { kind: 'queue', target: 'seniors', message: 'One moment.' } },
      seniors: { maxWaitMs: 300, afterWait: { kind: 'number', target: '+74951234567', message: '' } },
    };
    const asked: string[] = [];
    const call = startCall(flow, {}, conversations, undefined, {
      findQueue: async (name) => (asked.push(name), queues[name] ?? null),
    });
    await runUntil(() => of('call.ended').length > 0, 10_000, 'the transfer to the number');
    expect(asked).toEqual(['reception', 'seniors']);
    expect(of('call.queue').map((q) => [q.action, q.queue, q.then, q.target])).toEqual([
      ['timeout', 'reception', 'queue', 'seniors'],
      ['timeout', 'seniors', 'number', '+74951234567'],
    ]);
    expect(of('call.reply').map((r) => r.text)).toEqual([
      'One moment.',
      'Sorry, all our operators are still busy. I am putting you through to another line.',
    ]);
    expect(of('call.transfer').map((t) => [t.target.kind, t.ok])).toEqual([
      ['queue', true],
      ['queue', true],
      ['number', true],
    ]);
    expect(leg.transfers).toEqual([expect.objectContaining({ target: '+74951234567', mode: 'cold' })]);
    expect(await call.done).toMatchObject({ reason: 'transferred', disposition: 'transferred:number' });
  });

  it('after the maximum wait a callback queue says goodbye and hangs up with the request on the record', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'warm' }],
      ],
      [['start', 'next', 'handoff']],
    );
    const call = startCall(flow, {}, conversations, undefined, {
      findQueue: async () => ({ maxWaitMs: 200, afterWait: { kind: 'callback', message: '' } }),
    });
    await runUntil(() => of('call.ended').length > 0, 10_000, 'the goodbye');
    expect(of('call.reply').at(-1)?.text).toBe(
      'Sorry, all our operators are still busy. We have saved your request and will call you back. Goodbye!',
    );
    expect(await call.done).toMatchObject({ reason: 'flow_hangup', disposition: 'callback_requested' });
    expect(leg.hungUpWith).toBe('local_hangup');
  });

  it('a queued caller hears the hold tone and their position; an operator joins and they hear each other', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'cold' }],
      ],
      [['start', 'next', 'handoff']],
    );
    const call = startCall(flow, {}, conversations, undefined, {
      findQueue: async () => ({
        maxWaitMs: 60_000,
        announceEveryMs: 3000,
        standing: async () => ({ position: 2, waitSeconds: 200 }),
      }),
    });
    const played: PcmFrame[] = [];
    const play = leg.play.bind(leg);
    leg.play = (frame) => {
      played.push(frame);
      play(frame);
    };
    await runUntil(() => of('call.reply').length >= 2, 10_000, 'two announcements');
    expect(of('call.reply').map((r) => r.text)).toEqual([
      'You are number 2 in the queue. The estimated wait is about 4 minutes. Please stay on the line.',
      'You are number 2 in the queue. The estimated wait is about 4 minutes. Please stay on the line.',
    ]);
    // Between announcements the hold tone plays (generated, quieter than speech but clearly there).
    expect(played.filter((f) => rms(f) > 500).length).toBeGreaterThan(50);

    const operator = new OperatorLeg();
    expect(call.connectOperator(operator, { userId: 'u-1', handoffId: 'h-1' })).toBe(true);
    expect(call.connectOperator(new OperatorLeg(), { userId: 'u-2' })).toBe(false);
    expect(of('call.operator')).toEqual([
      expect.objectContaining({ action: 'joined', operatorUserId: 'u-1', handoffId: 'h-1' }),
    ]);
    // The hold tone stopped; no more announcements while they talk.
    const repliesAtJoin = of('call.reply').length;
    played.length = 0;
    // Caller to operator (8 kHz up to 16 kHz) and operator to caller (16 kHz down to 8 kHz).
    for (let i = 0; i < 20; i += 1) {
      leg.emit('audio', callerFrame(true));
      operator.emit('audio', operatorFrame());
    }
    expect(operator.played.length).toBeGreaterThan(15);
    expect(operator.played.every((f) => f.length === 320)).toBe(true);
    expect(Math.max(...operator.played.map(rms))).toBeGreaterThan(3000);
    expect(played.length).toBeGreaterThan(15);
    expect(played.every((f) => f.length === 160)).toBe(true);
    expect(Math.max(...played.map(rms))).toBeGreaterThan(3000);
    await vi.advanceTimersByTimeAsync(7000);
    expect(of('call.reply')).toHaveLength(repliesAtJoin);
    // Keys pressed reach the other side.
    leg.emit('dtmf', '5');
    expect(operator.digits).toEqual(['5']);

    // The operator hangs up: the caller's call ends, handed over to a person.
    operator.emit('ended', 'remote_hangup');
    await runUntil(() => of('call.ended').length > 0, 5000, 'the call to end');
    expect(of('call.operator').map((e) => e.action)).toEqual(['joined', 'left']);
    expect(await call.done).toMatchObject({ disposition: 'transferred:queue' });
    expect(leg.hungUpWith).toBe('local_hangup');
  });

  it('the operator hands the caller back to the bot: the flow goes on at the chosen block with what they learned', async () => {
    const flow = englishFlow(
      [
        ['start', 'start'],
        ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'cold' }],
        ['after', 'say', { text: 'Thanks, {{operator_note}}.' }],
        ['bye', 'end', { disposition: 'back_from_operator' }],
      ],
      [
        ['start', 'next', 'handoff'],
        ['after', 'next', 'bye'],
      ],
    );
    const call = startCall(flow, {}, conversations, undefined, {
      findQueue: async () => ({ maxWaitMs: 60_000 }),
    });
    await runUntil(() => of('call.transfer').length > 0, 5000, 'the transfer');
    const operator = new OperatorLeg();
    expect(call.connectOperator(operator, { userId: 'u-1', handoffId: 'h-1' })).toBe(true);
    // Another leg cannot speak for the operator; a block the flow does not have is refused by the runtime.
    expect(call.returnToBot(new OperatorLeg(), 'after', {})).toBe(false);
    expect(call.returnToBot(operator, 'after', { operator_note: 'the address is updated' })).toBe(true);
    expect(operator.ended).toBe('local_hangup');
    await runUntil(() => of('call.ended').length > 0, 10_000, 'the bot to finish the call');
    expect(of('call.reply').map((r) => r.text)).toContain('Thanks, the address is updated.');
    expect(of('call.operator').map((e) => e.action)).toEqual(['joined', 'returned']);
    expect(of('turn.completed').map((t) => t.trigger)).toContain('operator_returned');
    expect(await call.done).toMatchObject({ reason: 'flow_hangup', disposition: 'back_from_operator' });
  });

  describe('a supervisor from the live monitor', () => {
    /** A 600 Hz tone at the caller's 8 kHz: the supervisor's voice. */
    const supervisorFrame = (): PcmFrame => {
      const frame = new Int16Array(160);
      for (let i = 0; i < frame.length; i += 1)
        frame[i] = Math.round(6000 * Math.sin((2 * Math.PI * 600 * i) / 8000));
      return frame;
    };
    const queuedFlow = () =>
      englishFlow(
        [
          ['start', 'start'],
          ['handoff', 'transfer', { target: { kind: 'queue', value: 'reception' }, mode: 'cold' }],
        ],
        [['start', 'next', 'handoff']],
      );

    it('whispers to the operator only, then barges in heard by both; one supervisor at a time', async () => {
      const call = startCall(queuedFlow(), {}, conversations, undefined, {
        findQueue: async () => ({ maxWaitMs: 60_000 }),
      });
      await runUntil(() => of('call.transfer').length > 0, 5000, 'the transfer');
      // Without an operator there is nobody to whisper to.
      expect(call.supervise('whisper', 's-1')).toBeNull();
      const operator = new OperatorLeg();
      expect(call.connectOperator(operator, { userId: 'u-1' })).toBe(true);
      // An operator is on the call: take-over is not the tool (barge is).
      expect(call.supervise('takeover', 's-1')).toBeNull();
      const heardByCaller: PcmFrame[] = [];
      const play = leg.play.bind(leg);
      leg.play = (frame) => {
        heardByCaller.push(frame);
        play(frame);
      };
      const talk = (supervisor: { audio: (f: PcmFrame) => void }) => {
        operator.played.length = 0;
        heardByCaller.length = 0;
        for (let i = 0; i < 20; i += 1) {
          supervisor.audio(supervisorFrame());
          leg.emit('audio', callerFrame(false));
          operator.emit('audio', new Int16Array(320));
        }
      };

      const whisper = call.supervise('whisper', 's-1')!;
      expect(whisper).not.toBeNull();
      expect(call.supervise('barge', 's-2')).toBeNull();
      talk(whisper);
      expect(Math.max(...operator.played.map(rms))).toBeGreaterThan(3000);
      expect(heardByCaller.length).toBeGreaterThan(15);
      expect(Math.max(...heardByCaller.map(rms))).toBeLessThan(50);
      whisper.leave();

      const barge = call.supervise('barge', 's-1')!;
      talk(barge);
      expect(Math.max(...operator.played.map(rms))).toBeGreaterThan(3000);
      expect(Math.max(...heardByCaller.map(rms))).toBeGreaterThan(3000);
      barge.leave();
      expect(of('call.supervisor').map((e) => [e.action, e.userId])).toEqual([
        ['whisper', 's-1'],
        ['left', 's-1'],
        ['barge', 's-1'],
        ['left', 's-1'],
      ]);
      // The operator's call goes on after the supervisor left.
      expect(of('call.ended')).toHaveLength(0);
    });

    it('takes over from the bot: its speech stops within 200 ms, no more turns, the caller hears the supervisor', async () => {
      const call = startCall(menuFlow({ noInputTimeoutMs: 60_000 }));
      // The greeting is playing.
      await runUntil(() => leg.queuedFrames > 10, 5000, 'the greeting');
      const heardByCaller: PcmFrame[] = [];
      const play = leg.play.bind(leg);
      leg.play = (frame) => {
        heardByCaller.push(frame);
        play(frame);
      };
      const sentBefore = leg.sentFrames;
      const takeover = call.supervise('takeover', 's-1')!;
      expect(takeover).not.toBeNull();
      expect(leg.queuedFrames).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      // At most the frames already on the wire when the bot was cut.
      expect(leg.sentFrames - sentBefore).toBeLessThanOrEqual(1);
      const turnsAtTakeover = of('turn.completed').length;
      // The caller speaks and presses a key: the runtime answers neither; the bot says nothing more.
      heardByCaller.length = 0;
      for (let i = 0; i < 60; i += 1) {
        leg.emit('audio', callerFrame(i < 40));
        await vi.advanceTimersByTimeAsync(20);
      }
      leg.emit('dtmf', '1');
      await vi.advanceTimersByTimeAsync(3000);
      expect(of('turn.completed')).toHaveLength(turnsAtTakeover);
      expect(heardByCaller).toHaveLength(0);
      // The supervisor talks: the caller hears them.
      for (let i = 0; i < 10; i += 1) takeover.audio(supervisorFrame());
      expect(heardByCaller).toHaveLength(10);
      expect(Math.max(...heardByCaller.map(rms))).toBeGreaterThan(3000);
      // Leaving ends the call (the bot no longer runs it), with the take-over on the record.
      takeover.leave();
      await runUntil(() => of('call.ended').length > 0, 5000, 'the call to end');
      expect(of('call.supervisor').map((e) => e.action)).toEqual(['takeover', 'left']);
      expect(await call.done).toMatchObject({ disposition: 'taken_over' });
    });
  });

  it('maximum duration: the call is hung up at maxCallMs, whatever the flow is doing', async () => {
    const call = startCall(menuFlow({ noInputTimeoutMs: 60_000 }), { maxCallMs: 5000 });
    const startedAt = Date.now();
    await runUntil(() => leg.hungUpAt !== undefined, 6000, 'the hangup');
    // The timer fired on time (the fake clock stands still while the call records its end in Redis).
    expect(leg.hungUpAt! - startedAt).toBeGreaterThanOrEqual(5000);
    expect(leg.hungUpAt! - startedAt).toBeLessThanOrEqual(5020);
    await settle(() => of('call.ended').length > 0, 'the call to end');
    const summary = await call.done;
    expect(summary.reason).toBe('max_duration');
    expect(summary.durationMs).toBeGreaterThanOrEqual(5000);
    expect(summary.durationMs).toBeLessThanOrEqual(5020);
    expect(leg.hungUpWith).toBe('local_hangup');
    expect(of('call.state').at(-1)?.state).toBe('ended');
  });

  it('a campaign call names its campaign at start, and a supervisor listening hears the prompt and the caller', async () => {
    const call = startCall(menuFlow({ noInputTimeoutMs: 60_000 }), {}, conversations, {
      campaign_id: 'c-7',
      contact_name: 'Anna',
    });
    expect(of('call.started')[0]).toMatchObject({ campaignId: 'c-7' });
    const heard: number[] = [];
    const stop = call.listenTap.listen(
      (frame) => heard.push(rms(frame)),
      () => undefined,
    );
    await runUntil(() => heard.some((r) => r > 300), 3000, 'the prompt heard');
    await runUntil(() => leg.queuedFrames === 0 && stateIs('listening')(), 5000, 'the prompt played out');
    await runUntil(() => heard.slice(-5).every((r) => r < 50), 500, 'quiet');
    const before = heard.length;
    for (let i = 0; i < 5; i += 1) leg.emit('audio', callerFrame(true));
    await runUntil(() => heard.length >= before + 5, 500, 'the caller mixed in');
    expect(Math.max(...heard.slice(before))).toBeGreaterThan(300);
    stop();
    expect(call.listenTap.listeners).toBe(0);
  });
});
