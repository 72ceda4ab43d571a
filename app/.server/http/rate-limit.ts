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
 * Counts one request against a rule, in fixed windows (one INCR per check: cheap enough for every request,
 * and shared by every web process through Redis). Refused requests count too, so hammering does not help.
 */
export async function consumeRate(
  redis: Redis,
  name: string,
  subject: string,
  rule: RateRule,
  now = Date.now(),
): Promise<RateVerdict> {
  const windowMs = rule.windowSeconds * 1000;
  const window = Math.floor(now / windowMs);
  const key = `rl:${name}:${subject}:${window}`;
  const replies = await redis
    .multi()
    .incr(key)
    .pexpire(key, windowMs + 1000)
    .exec();
  const count = Number(replies?.[0]?.[1] ?? 0);
  if (count <= rule.limit) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)) };
}

/** The first refusal among several rules (all are counted), or ok. */
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
