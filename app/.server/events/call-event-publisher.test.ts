// The media server's publisher against the real Redis: raw events to the call stream, domain events to the
// bus with the project, the live board kept in step, and alert rules raising call.alert.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';
import { DEFAULT_ALERT_RULES } from '#server/monitor/alert-rules.ts';
import { readDayCounters, readLiveCalls, readTranscript } from '#server/monitor/live-board.ts';
import { createCallEventPublisher } from './call-event-publisher.ts';
import { parseEvent, type DomainEvent } from './event-catalogue.ts';
import { fieldValue, STREAMS } from './event-streams.ts';

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
afterAll(() => redis.quit());

async function busEvents(projectId: string): Promise<DomainEvent[]> {
  const entries = (await redis.xrange(STREAMS.bus, '-', '+')) as [string, string[]][];
  return entries
    .map(([, fields]) => parseEvent(JSON.parse(fieldValue(fields, 'event') ?? 'null')))
    .filter((e): e is DomainEvent => e?.projectId === projectId);
}

const settle = () => new Promise((ok) => setTimeout(ok, 150));

describe('call event publisher', () => {
  it('publishes domain events, keeps the live board, raises alerts and counts the day', async () => {
    const projectId = randomUUID();
    const callId = `call-${randomUUID()}`;
    const rawStream = `events:calls:${randomUUID().slice(0, 6)}`;
    let clock = Date.now();
    const publisher = createCallEventPublisher({
      redis,
      logger: createLogger('t', 'silent'),
      rulesFor: async () => ({ ...DEFAULT_ALERT_RULES, silenceSeconds: 5, repeatedFallbacks: 2 }),
      rawStream,
      tickMs: 60_000,
      now: () => clock,
    });
    const at = () => clock;
    const timings = { runtimeMs: 12 };
    const events: VoiceCallEvent[] = [
      {
        type: 'call.started',
        callId,
        at: at(),
        projectId,
        from: '+79990001122',
        to: 'demo',
        sampleRate: 8000,
        direction: 'inbound',
        agentId: 'a1',
        versionId: 'v1',
        campaignId: 'c1',
      },
      {
        type: 'turn.completed',
        callId,
        at: at(),
        turn: 0,
        trigger: 'start',
        reply: 'Hello! What is your name?',
        nodePath: ['start', 'ask'],
        timings,
        filler: false,
      },
      { type: 'call.state', callId, at: at(), state: 'listening' },
      {
        type: 'turn.completed',
        callId,
        at: at(),
        turn: 1,
        trigger: 'utterance',
        input: 'blah',
        reply: 'Sorry?',
        nodePath: ['ask'],
        timings,
        filler: false,
      },
      {
        type: 'turn.completed',
        callId,
        at: at(),
        turn: 2,
        trigger: 'utterance',
        input: 'this is terrible, give me an operator',
        reply: 'Sorry?',
        nodePath: ['ask'],
        timings,
        filler: false,
      },
    ];
    publisher.sink(events[0]!);
    await settle(); // the project's rules load as the call starts
    for (const e of events.slice(1)) publisher.sink(e);
    await settle();
    let live = await readLiveCalls(redis, projectId);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({
      callId,
      // The campaign that placed it: the monitor's campaign filter reads it.
      campaignId: 'c1',
      nodeId: 'ask',
      lastCallerText: 'this is terrible, give me an operator',
      sentiment: 'negative',
      turns: 3,
    });
    expect(live[0]!.alerts.map((a) => a.rule).sort()).toEqual(['keywords', 'repeated_fallback']);

    clock += 6_000;
    publisher.sink({
      type: 'call.transfer',
      callId,
      at: clock,
      target: { kind: 'queue', value: 'sales' },
      mode: 'warm',
      handoff: {},
      ok: true,
    });
    publisher.sink({
      type: 'call.ended',
      callId,
      at: clock,
      reason: 'remote_hangup',
      durationMs: 6000,
      turns: 3,
    });
    await settle();
    publisher.close();

    const published = await busEvents(projectId);
    expect(published[0]).toMatchObject({ type: 'call.started', data: { campaignId: 'c1' } });
    const types = published.map((e) => e.type);
    expect(types).toEqual([
      'call.started',
      'turn.completed',
      'turn.completed',
      'turn.completed',
      'call.alert',
      'call.alert',
      'call.transferred',
      'call.ended',
    ]);
    expect(await redis.xlen(rawStream)).toBe(events.length + 2);
    live = await readLiveCalls(redis, projectId);
    expect(live).toHaveLength(0);
    const transcript = await readTranscript(redis, callId);
    expect(transcript.filter((l) => l.speaker === 'caller').map((l) => l.text)).toEqual([
      'blah',
      'this is terrible, give me an operator',
    ]);
    expect(transcript.some((l) => l.speaker === 'alert')).toBe(true);
    const day = await readDayCounters(redis, projectId, clock);
    expect(day).toMatchObject({ ended: 1, transferred: 1, handledByBot: 0, durationMs: 6000 });
  });

  it('raises a silence alert once per silence, on its clock', async () => {
    const projectId = randomUUID();
    const callId = `call-${randomUUID()}`;
    let clock = Date.now();
    const publisher = createCallEventPublisher({
      redis,
      logger: createLogger('t', 'silent'),
      rulesFor: async () => ({ ...DEFAULT_ALERT_RULES, silenceSeconds: 3 }),
      rawStream: `events:calls:${randomUUID().slice(0, 6)}`,
      tickMs: 20,
      now: () => clock,
    });
    publisher.sink({
      type: 'call.started',
      callId,
      at: clock,
      projectId,
      from: '1',
      to: '2',
      sampleRate: 16000,
      direction: 'browser',
    });
    publisher.sink({ type: 'call.state', callId, at: clock, state: 'listening' });
    await settle();
    clock += 4_000;
    await settle();
    clock += 4_000;
    await settle();
    publisher.close();
    const alerts = (await busEvents(projectId)).filter((e) => e.type === 'call.alert');
    expect(alerts.map((a) => (a.data as { rule: string }).rule)).toEqual(['silence']);
  });
});
