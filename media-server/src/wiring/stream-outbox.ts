import type { Redis } from 'ioredis';
import type { CallEventSink, VoiceCallEvent } from '#server/calls/call-events.ts';
import type { Logger } from '#server/logger.ts';

export interface RedisOutbox {
  /** Runs a Redis write now; one that fails (Redis unreachable) is kept and tried again with backoff. */
  submit(write: () => Promise<unknown>): void;
  /** Writes waiting for Redis. */
  pending(): number;
  /** Waits until nothing waits, or the deadline passes (at shutdown). */
  flush(deadlineMs: number): Promise<void>;
}

export interface StreamOutbox extends Omit<RedisOutbox, 'submit'> {
  sink: CallEventSink;
}

export interface StreamOutboxOptions {
  /** Events kept while Redis is away; past it new failures are dropped (a long outage must not exhaust memory). */
  maxPending?: number;
  /** First delay before an event is sent again; doubles up to 5 s. */
  retryMs?: number;
  /** A send that has not settled in this long is tried again (a command can hang across a reconnect). */
  sendTimeoutMs?: number;
  maxLen?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('send timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Appends each call event to a capped Redis Stream without ever making a call wait or fail. An event whose
 * append fails (Redis unreachable) is kept and sent again, with backoff, until Redis takes it: a short
 * Redis outage delays call records but loses no turn. Events retried this way can land after later ones;
 * the workers' consumer files each by its call and turn number, and waits for a call it does not know yet.
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
 * monitor's row): a write never blocks or fails the caller, and while Redis is away it waits and is retried.
 */
export function createRedisOutbox(logger: Logger, options: StreamOutboxOptions = {}): RedisOutbox {
  const maxPending = options.maxPending ?? 50_000;
  const firstRetryMs = options.retryMs ?? 500;
  const sendTimeoutMs = options.sendTimeoutMs ?? 5000;
  let waiting = 0;
  let dropped = 0;
  type Write = () => Promise<unknown>;
  const send = (write: Write) => withTimeout(write(), sendTimeoutMs);

  const retry = (write: Write, delayMs: number) => {
    setTimeout(() => {
      send(write).then(
        () => {
          waiting -= 1;
          if (waiting === 0) logger.info({ dropped }, 'call events caught up with Redis');
        },
        () => retry(write, Math.min(delayMs * 2, 5000)),
      );
    }, delayMs);
  };

  const hold = (write: Write) => {
    if (waiting >= maxPending) {
      if (dropped++ === 0) logger.error({ maxPending }, 'call events dropped: Redis away too long');
      return;
    }
    if (waiting === 0) logger.warn('call events waiting for Redis');
    waiting += 1;
    retry(write, firstRetryMs);
  };

  return {
    submit: (write) => {
      send(write).catch(() => hold(write));
    },
    pending: () => waiting,
    async flush(deadlineMs) {
      const end = Date.now() + deadlineMs;
      while (waiting > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
