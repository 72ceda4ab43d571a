import type { Redis } from 'ioredis';
import { apiError } from '../api/api-error.ts';
import { authContext } from '../auth/auth-context.server.ts';

/** At most `limit` requests per `windowSeconds` for one subject (a user, an API key, a project, an address). */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding log: the times of the requests let through in the last window, in one sorted set per subject.
 * Exact ("never more than `limit` in any `windowSeconds`"), with no window edge where a burst of twice the
 * limit gets through, and the same answer however slowly the requests come. One script per check, so web
 * processes sharing Redis count together and two racing requests cannot both take the last place.
 */
const SLIDING_LOG = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now
`;

/** Counts one request against a rule; refused requests take no place, so the limit is exact. */
export async function consumeRate(
  redis: Redis,
  name: string,
  subject: string,
  rule: RateRule,
  now = Date.now(),
): Promise<RateVerdict> {
  const windowMs = rule.windowSeconds * 1000;
  const waitMs = Number(
    await redis.eval(
      SLIDING_LOG,
      1,
      `rl:${name}:${subject}`,
      now,
      windowMs,
      rule.limit,
      `${now}:${crypto.randomUUID()}`,
    ),
  );
  if (waitMs <= 0) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** The first refusal among several rules (each rule that has room counts the request), or ok. */
export async function consumeRates(
  checks: { name: string; subject: string; rule: RateRule }[],
): Promise<RateVerdict> {
  const { redis } = authContext();
  const verdicts = await Promise.all(checks.map((c) => consumeRate(redis, c.name, c.subject, c.rule)));
  const refused = verdicts.filter((v) => !v.ok);
  if (refused.length === 0) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(...refused.map((v) => v.retryAfterSeconds)) };
}

/** The API's answer to a refused request: 429, Retry-After, the standard error shape. */
export function rateLimitedResponse(retryAfterSeconds: number): Response {
  return apiError(
    429,
    'rate_limited',
    `Too many requests of this kind; try again in ${retryAfterSeconds} seconds.`,
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}
