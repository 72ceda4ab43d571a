/**
 * New calls per minute for a campaign, shared by every worker process: a sliding window in one Redis sorted
 * set, changed by one script so two processes cannot both take the last slot. `now` comes from the caller
 * (the dialer's clock), so tests can move time. Two windows: `claimed` bounds how many attempts the dispatcher
 * claims, `placed` bounds the calls actually placed — a dial job that ran late must not add to a minute that
 * already had its calls.
 */
import type { Redis } from 'ioredis';

const TAKE = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local want = tonumber(ARGV[4])
local tag = ARGV[5]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local used = redis.call('ZCARD', key)
local grant = math.min(want, limit - used)
if grant < 1 then return 0 end
for i = 1, grant do redis.call('ZADD', key, now, tag .. ':' .. i) end
redis.call('PEXPIRE', key, window * 2)
return grant
`;

export async function takeDialSlots(
  redis: Redis,
  campaignId: string,
  opts: { perMinute: number; want: number; now: Date; window?: 'claimed' | 'placed' },
): Promise<number> {
  if (opts.want < 1) return 0;
  const granted = await redis.eval(
    TAKE,
    1,
    windowKey(campaignId, opts.window ?? 'claimed'),
    String(opts.now.getTime()),
    '60000',
    String(opts.perMinute),
    String(opts.want),
    `${opts.now.getTime()}:${crypto.randomUUID()}`,
  );
  return Number(granted);
}

/** How many slots the window holds now (tests and the bench read it). */
export async function dialsInWindow(
  redis: Redis,
  campaignId: string,
  now: Date,
  window: 'claimed' | 'placed' = 'claimed',
): Promise<number> {
  return redis.zcount(windowKey(campaignId, window), now.getTime() - 60_000, '+inf');
}

function windowKey(campaignId: string, window: 'claimed' | 'placed'): string {
  return window === 'claimed' ? `campaign:${campaignId}:dials` : `campaign:${campaignId}:placed`;
}
