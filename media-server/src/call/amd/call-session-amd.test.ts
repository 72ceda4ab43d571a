// A campaign call's first seconds through CallSession: the recorded greeting or "Алло?" from the labelled
// set is fed as the callee's audio; the detector's verdict reaches the flow's Human-or-machine block as
// `answered_by`, a machine is hung up on with disposition `machine`, or waited out to leave a message.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFlow } from '#flow-runtime/testing/build-flow';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
import { PromptAudioCache } from '../../audio/prompt-audio-cache.ts';
import { decodeWav } from '../../audio/wav.ts';
import { ConversationStore } from '../../conversation/conversation-store.ts';
import { CallSession, type AnsweringMachineOptions } from '../call-session.ts';
import { energyVad, InMemoryLeg, toneTts } from '../test-support/in-memory-call-parts.ts';

const logger = createLogger('amd-session-test', process.env.LOG_LEVEL ?? 'silent');
const redis = createRedis({
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  REDIS_PREFIX: `amd-session-test-${randomUUID().slice(0, 8)}`,
});
const conversations = new ConversationStore(redis);
const portsFor = cachedPortsFor({ logger, allowHosts: [] });
afterAll(async () => {
  await redis.quit();
});

const flow = buildFlow(
  [
    ['start', 'start'],
    ['who', 'answered_by'],
    ['hello', 'say', { text: 'Здравствуйте! Напоминаем о записи.' }],
    ['message', 'end', { message: 'Перезвоните нам, пожалуйста.', disposition: 'left_message' }],
    ['bye', 'end', { disposition: 'completed' }],
  ],
  [
    ['start', 'next', 'who'],
    ['who', 'human', 'hello'],
    ['who', 'unknown', 'hello'],
    ['who', 'machine', 'message'],
    ['hello', 'next', 'bye'],
  ],
);

const recording = (name: string) =>
  decodeWav(readFileSync(join(import.meta.dirname, '../../../../bench/amd/recordings', `${name}.wav`))).pcm;

async function call(name: string, answeringMachine: AnsweringMachineOptions) {
  const leg = new InMemoryLeg(`amd-${randomUUID()}`, () => Date.now());
  const events: VoiceCallEvent[] = [];
  const tts = toneTts(200);
  const session = new CallSession({
    leg,
    flow,
    projectId: 'p-amd-test',
    direction: 'outbound',
    answeringMachine,
    conversations,
    portsFor,
    tts,
    vad: energyVad,
    promptCache: new PromptAudioCache(),
    logger,
    events: (event) => events.push(event),
    settings: { defaultLanguage: 'ru' },
  });
  const started = session.start();
  // The callee's audio, 20 ms frames, a little faster than real time (the detector counts audio, not clock).
  // Then 2 s of line silence, as a live line keeps sending after a greeting.
  const greeting = recording(name);
  const pcm = new Int16Array(greeting.length + 16_000);
  pcm.set(greeting);
  for (let at = 0; at < pcm.length; at += 160) {
    leg.emit('audio', pcm.slice(at, at + 160));
    if ((at / 160) % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await started;
  const summary = await Promise.race([
    session.done,
    new Promise((resolve) => setTimeout(resolve, 3000)).then(() => session.end()),
  ]);
  leg.close();
  return { summary, spoken: tts.spoken };
}

describe('answering-machine detection on a campaign call', () => {
  it('starts the flow with answered_by=human for an "Алло?"', { timeout: 30_000 }, async () => {
    const { spoken } = await call('human-ru-1', { machineAction: 'hangup' });
    expect(spoken.join(' ')).toContain('Напоминаем о записи');
  });

  it(
    'hangs up on a machine without running the flow when the campaign says so',
    { timeout: 30_000 },
    async () => {
      const { summary, spoken } = await call('machine-ru-1', { machineAction: 'hangup' });
      expect(summary).toMatchObject({ disposition: 'machine' });
      expect(spoken).toEqual([]);
    },
  );

  it('waits out the greeting, then the flow leaves its message', { timeout: 30_000 }, async () => {
    // A greeting without a beep: the silence after it counts as its end.
    const { summary, spoken } = await call('machine-ru-3', { machineAction: 'leave_message' });
    expect(spoken.join(' ')).toContain('Перезвоните нам');
    expect(summary).toMatchObject({ disposition: 'left_message' });
  });
});
