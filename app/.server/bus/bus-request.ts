/**
 * Request/reply between processes over Redis: the asker publishes a request carrying a fresh id, one listener
 * claims it (so two media servers do not both act), does the work and pushes its answer onto a short-lived
 * list named by the id; the asker waits on that list with a timeout. No listener, or none in time, is an
 * answer too, so the asker never hangs.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { z } from 'zod';

export type BusAnswer<T> =
  { ok: true; value: T } | { ok: false; reason: 'no_listener' | 'timeout' | 'bad_reply' };

/** Keys (the connection's keyPrefix keeps deployments apart). */
const replyKey = (requestId: string) => `bus:reply:${requestId}`;
const claimKey = (requestId: string) => `bus:claim:${requestId}`;
/** A reply nobody waits for any more expires on its own. */
const REPLY_TTL_MS = 60_000;

export async function askOverBus<S extends z.ZodType>(options: {
  redis: Redis;
  /** Publishes the request with this id; answers how many listeners heard it. */
  publish: (requestId: string) => Promise<number>;
  reply: S;
  timeoutMs: number;
}): Promise<BusAnswer<z.infer<S>>> {
  const requestId = randomUUID();
  // BLPOP blocks its connection: a connection of its own, closed after the answer.
  const waiter = options.redis.duplicate();
  try {
    const waiting = waiter.blpop(replyKey(requestId), options.timeoutMs / 1000);
    // Subscribe-before-publish does not apply to lists: a reply pushed before BLPOP starts is still there.
    const heard = await options.publish(requestId);
    if (heard === 0) {
      waiting.catch(() => undefined);
      return { ok: false, reason: 'no_listener' };
    }
    const popped = await waiting;
    if (!popped) return { ok: false, reason: 'timeout' };
    let json: unknown;
    try {
      json = JSON.parse(popped[1]);
    } catch {
      return { ok: false, reason: 'bad_reply' };
    }
    const parsed = options.reply.safeParse(json);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'bad_reply' };
  } finally {
    waiter.disconnect();
  }
}

/** The listener's side: true for the one listener that takes the request. */
export async function claimRequest(redis: Redis, requestId: string): Promise<boolean> {
  return (await redis.set(claimKey(requestId), '1', 'PX', REPLY_TTL_MS, 'NX')) === 'OK';
}

export async function replyOverBus(redis: Redis, requestId: string, value: unknown): Promise<void> {
  const key = replyKey(requestId);
  await redis.multi().rpush(key, JSON.stringify(value)).pexpire(key, REPLY_TTL_MS).exec();
}
