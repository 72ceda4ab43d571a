import type { Redis } from 'ioredis';
import type { CallEventSink, VoiceCallEvent } from '#server/calls/call-events.ts';
import type { Logger } from '#server/logger.ts';

export interface RedisOutbox {
  /** Runs a Redis write now, or in order after the writes that wait; a failed one waits and is tried again. */
  submit(write: () => Promise<unknown>): void;
  /** Writes waiting for Redis. */
  pending(): number;
  /** Tries to send what waits, until it is sent or the deadline passes (at shutdown). */
  flush(deadlineMs: number): Promise<void>;
}

export interface StreamOutbox extends Omit<RedisOutbox, 'submit'> {
  sink: CallEventSink;
}

export interface StreamOutboxOptions {
  /** Events kept while Redis is away; past it the oldest go (a long outage must not exhaust memory). */
  maxPending?: number;
  retryMs?: number;
  maxLen?: number;
}

/**
 * Appends each call event to a capped Redis Stream without ever making a call wait or fail. While Redis is
 * unreachable the events wait here, in order, and go out when it is back: a short Redis outage delays call
 * records but loses no turn. (The workers' consumer then writes them to PostgreSQL as usual.)
 */
export function createStreamOutbox(
  redis: Redis,
  stream: string,
  logger: Logger,
  options: StreamOutboxOptions = {},
): StreamOutbox {
  const maxLen = String(options.maxLen ?? 100_000);
  const box = createRedisOutbox(logger, options);
  const add = (event: VoiceCallEvent) =>
    redis.xadd(stream, 'MAXLEN', '~', maxLen, '*', 'type', event.type, 'event', JSON.stringify(event));
  return { sink: (event) => box.submit(() => add(event)), pending: box.pending, flush: box.flush };
}

/**
 * The same guarantee for any Redis write (the bus publisher's MULTI of a call event, its domain event and the
 * monitor's row): writes never block or fail the caller, and while Redis is away they wait, in order.
 */
export function createRedisOutbox(logger: Logger, options: StreamOutboxOptions = {}): RedisOutbox {
  const maxPending = options.maxPending ?? 50_000;
  const retryMs = options.retryMs ?? 500;
  type Write = () => Promise<unknown>;
  /** In the order they happened (seq), whatever order their failed sends came back in. */
  const waiting: { seq: number; write: Write }[] = [];
  let flushing: Promise<void> | undefined;
  let dropped = 0;
  let seq = 0;
  /** Sends under way outside the outbox: their failures must join the queue before it is sent. */
  let inFlight = 0;

  const hold = (item: { seq: number; write: Write }) => {
    let at = waiting.length;
    while (at > 0 && waiting[at - 1]!.seq > item.seq) at -= 1;
    waiting.splice(at, 0, item);
    if (waiting.length > maxPending) {
      waiting.shift();
      if (dropped++ === 0) logger.error({ maxPending }, 'call events dropped: Redis away too long');
    }
    kick();
  };

  const kick = () => {
    flushing ??= drainWaiting().finally(() => {
      flushing = undefined;
      if (waiting.length) kick(); // held between the last check and now
    });
  };

  async function drainWaiting(): Promise<void> {
    logger.warn({ pending: waiting.length }, 'call events waiting for Redis');
    while (waiting.length) {
      if (inFlight > 0) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      try {
        await waiting[0]!.write();
        waiting.shift();
      } catch {
        await new Promise((r) => setTimeout(r, retryMs));
      }
    }
    logger.info({ dropped }, 'call events caught up with Redis');
    dropped = 0;
  }

  return {
    submit: (write) => {
      const item = { seq: (seq += 1), write };
      // Once something waits, everything after it waits too: the stream keeps each call's order.
      if (waiting.length || flushing) return hold(item);
      inFlight += 1;
      write().then(
        () => (inFlight -= 1),
        () => {
          inFlight -= 1;
          hold(item);
        },
      );
    },
    pending: () => waiting.length,
    async flush(deadlineMs) {
      const end = Date.now() + deadlineMs;
      while (waiting.length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
