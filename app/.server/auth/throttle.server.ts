import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Failed sign-ins allowed per window, per email and per client address. */
export const LIMITS = { perEmail: 5, perIp: 20, windowSeconds: 15 * 60 } as const;

const emailKey = (email: string) =>
  `auth:fail:email:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
const ipKey = (ip: string) => `auth:fail:ip:${ip}`;

export type ThrottleState =
  { blocked: false } | { blocked: true; retryAfterSeconds: number; scope: 'email' | 'ip' };

export async function checkThrottle(redis: Redis, email: string, ip: string): Promise<ThrottleState> {
  const replies =
    (await redis.multi().get(emailKey(email)).get(ipKey(ip)).ttl(emailKey(email)).ttl(ipKey(ip)).exec()) ??
    [];
  const [e, i, eTtl, iTtl] = replies.map(([, value]) => value as string | number | null);
  if (Number(e ?? 0) >= LIMITS.perEmail)
    return { blocked: true, retryAfterSeconds: Math.max(1, Number(eTtl)), scope: 'email' };
  if (Number(i ?? 0) >= LIMITS.perIp)
    return { blocked: true, retryAfterSeconds: Math.max(1, Number(iTtl)), scope: 'ip' };
  return { blocked: false };
}

export async function recordFailure(redis: Redis, email: string, ip: string): Promise<void> {
  await redis
    .multi()
    .incr(emailKey(email))
    .expire(emailKey(email), LIMITS.windowSeconds, 'NX')
    .incr(ipKey(ip))
    .expire(ipKey(ip), LIMITS.windowSeconds, 'NX')
    .exec();
}

export async function clearEmailFailures(redis: Redis, email: string): Promise<void> {
  await redis.del(emailKey(email));
}
