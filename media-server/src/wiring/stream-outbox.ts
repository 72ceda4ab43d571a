import type { Redis } from 'ioredis';
import type { CallEventSink, VoiceCallEvent } from '#server/calls/call-events.ts';
import type { Logger } from '#server/logger.ts';

export interface StreamOutbox {
  sink: CallEventSink;
  /** Events waiting for Redis. */
  pending(): number;
  /** Waits until nothing waits, or the deadline passes (at shutdown). */
  flush(deadlineMs: number): Promise<void>;
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
  const maxPending = options.maxPending ?? 50_000;
  const firstRetryMs = options.retryMs ?? 500;
  const sendTimeoutMs = options.sendTimeoutMs ?? 5000;
  const maxLen = String(options.maxLen ?? 100_000);
  let waiting = 0;
  let dropped = 0;

  const add = (event: VoiceCallEvent) =>
    withTimeout(
      redis.xadd(stream, 'MAXLEN', '~', maxLen, '*', 'type', event.type, 'event', JSON.stringify(event)),
      sendTimeoutMs,
    );

  const retry = (event: VoiceCallEvent, delayMs: number) => {
    setTimeout(() => {
      add(event).then(
        () => {
          waiting -= 1;
          if (waiting === 0) logger.info({ dropped }, 'call events caught up with Redis');
        },
        () => retry(event, Math.min(delayMs * 2, 5000)),
      );
    }, delayMs);
  };

  const hold = (event: VoiceCallEvent) => {
    if (waiting >= maxPending) {
      if (dropped++ === 0) logger.error({ maxPending }, 'call events dropped: Redis away too long');
      return;
    }
    if (waiting === 0) logger.warn('call events waiting for Redis');
    waiting += 1;
    retry(event, firstRetryMs);
  };

  return {
    sink: (event) => {
      add(event).catch(() => hold(event));
    },
    pending: () => waiting,
    async flush(deadlineMs) {
      const end = Date.now() + deadlineMs;
      while (waiting > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
