import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Failed sign-ins slow the guesser down; they never lock the account (issue 14): anyone who knows an email
 * could otherwise keep its owner out.
 * - per (account, address): `freeFailures` free, then each further attempt waits `baseDelaySeconds`, doubling
 *   up to `maxDelaySeconds` (about 100 guesses a day per address once it is at the cap);
 * - per address, whatever the account: the same after `freeFailuresPerAddress` (one address spraying);
 * - per account, from everywhere: past `accountCeiling` failures the same delays apply, but only to addresses
 *   the account has never signed in from (an attack spread over many addresses cannot keep the owner out).
 * Failures are forgotten after `windowSeconds` without one (longer than the longest delay, so waiting out a
 * delay never resets the count).
 */
export const SIGN_IN_POLICY = {
  freeFailures: 5,
  freeFailuresPerAddress: 20,
  accountCeiling: 100,
  baseDelaySeconds: 120,
  maxDelaySeconds: 900,
  windowSeconds: 3600,
  knownAddressDays: 90,
} as const;

const emailHash = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 32);
const keys = (email: string, ip: string) => {
  const e = emailHash(email);
  return {
    pair: `auth:fail:pair:${e}:${ip}`,
    address: `auth:fail:ip:${ip}`,
    account: `auth:fail:acct:${e}`,
    known: `auth:known:${e}`,
  };
};

export type ThrottleScope = 'pair' | 'ip' | 'account';
export type ThrottleState =
  { blocked: false } | { blocked: true; retryAfterSeconds: number; scope: ThrottleScope };

/**
 * One failure on a counter: forgotten after a quiet window, and past `free` failures the next attempt is
 * allowed only after a doubling delay. Atomic, so concurrent failures all count.
 */
const RECORD_FAILURE = `
local now, free, base, max, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
if now - last > window * 1000 then n = 0 end
n = n + 1
local wait_until = 0
if n >= free then wait_until = math.floor(now + math.min(max, base * 2 ^ (n - free)) * 1000) end
redis.call('HSET', KEYS[1], 'n', n, 'last', now, 'until', wait_until)
redis.call('PEXPIRE', KEYS[1], (window + max) * 1000)
return n`;

function recordOn(redis: Redis, key: string, free: number, now: number) {
  const p = SIGN_IN_POLICY;
  return redis.eval(
    RECORD_FAILURE,
    1,
    key,
    now,
    free,
    p.baseDelaySeconds,
    p.maxDelaySeconds,
    p.windowSeconds,
  );
}

/** Whether this address may try a password for this email now, and if not, for how long it must wait. */
export async function checkSignInThrottle(
  redis: Redis,
  email: string,
  ip: string,
  now = Date.now(),
): Promise<ThrottleState> {
  const k = keys(email, ip);
  const replies =
    (await redis
      .multi()
      .hget(k.pair, 'until')
      .hget(k.address, 'until')
      .hget(k.account, 'until')
      .sismember(k.known, ip)
      .exec()) ?? [];
  const [pair, address, account, known] = replies.map(([, value]) => Number(value ?? 0));
  const waiting = (until: number | undefined, scope: ThrottleScope): ThrottleState | undefined =>
    until && until > now
      ? { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)), scope }
      : undefined;
  return (
    waiting(pair, 'pair') ??
    waiting(address, 'ip') ??
    (known ? undefined : waiting(account, 'account')) ?? { blocked: false }
  );
}

export async function recordSignInFailure(
  redis: Redis,
  email: string,
  ip: string,
  now = Date.now(),
): Promise<void> {
  const k = keys(email, ip);
  const p = SIGN_IN_POLICY;
  await Promise.all([
    recordOn(redis, k.pair, p.freeFailures, now),
    recordOn(redis, k.address, p.freeFailuresPerAddress, now),
    recordOn(redis, k.account, p.accountCeiling, now),
  ]);
}

/** A right password: this pair starts afresh, and the address is one the account is known to use. */
export async function recordSignInSuccess(redis: Redis, email: string, ip: string): Promise<void> {
  const k = keys(email, ip);
  await redis
    .multi()
    .del(k.pair)
    .sadd(k.known, ip)
    .expire(k.known, SIGN_IN_POLICY.knownAddressDays * 86_400)
    .exec();
}
