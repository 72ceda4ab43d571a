/**
 * Per-channel sending limits, shared by every worker process through Redis (issue 22): a provider's rate (at
 * most N requests in any second: a sliding window in a sorted set) and a per-recipient cap (at most N messages
 * to one recipient through the channel in a day of the project's time zone: a set of message ids, so a retry
 * of one message is not counted twice). One script decides both, so two workers cannot both take the last slot.
 * Over the rate, a send waits for the window; over the cap, it is refused with the reason recorded.
 */
import type { Redis } from 'ioredis';

/** Published limits where a provider documents one: Telegram answers 429 beyond about 30 messages a second. */
const DEFAULT_RATE: Record<string, number> = { telegram: 30 };

export interface ChannelLimits {
  ratePerSecond: number | null;
  perRecipientDaily: number | null;
}

export function channelLimits(
  kind: string,
  settings: { ratePerSecond?: number; perRecipientDaily?: number },
): ChannelLimits | null {
  const ratePerSecond = settings.ratePerSecond ?? DEFAULT_RATE[kind] ?? null;
  const perRecipientDaily = settings.perRecipientDaily ?? null;
  return ratePerSecond === null && perRecipientDaily === null ? null : { ratePerSecond, perRecipientDaily };
}

const TAKE = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local id = ARGV[4]
if cap > 0 and redis.call('SISMEMBER', KEYS[2], id) == 0 and redis.call('SCARD', KEYS[2]) >= cap then
  return {'cap', 0}
end
if rate > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000)
  if redis.call('ZCARD', KEYS[1]) >= rate then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return {'rate', tonumber(oldest[2]) + 1000 - now}
  end
  redis.call('ZADD', KEYS[1], now, id .. ':' .. now)
  redis.call('PEXPIRE', KEYS[1], 2000)
end
if cap > 0 then
  redis.call('SADD', KEYS[2], id)
  redis.call('PEXPIRE', KEYS[2], 172800000)
end
return {'ok', 0}
`;

export type SlotVerdict = { kind: 'ok' } | { kind: 'cap' } | { kind: 'rate'; waitMs: number };

const localDay = (now: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );

export async function takeSendSlot(
  redis: Redis,
  opts: {
    channelId: string;
    recipient: string;
    messageId: string;
    limits: ChannelLimits;
    timeZone: string;
    now: Date;
  },
): Promise<SlotVerdict> {
  const { channelId, limits, now } = opts;
  const answer = (await redis.eval(
    TAKE,
    2,
    `messaging:rate:${channelId}`,
    `messaging:cap:${channelId}:${opts.recipient}:${localDay(now, opts.timeZone)}`,
    String(now.getTime()),
    String(limits.ratePerSecond ?? 0),
    String(limits.perRecipientDaily ?? 0),
    opts.messageId,
  )) as [string, number];
  if (answer[0] === 'cap') return { kind: 'cap' };
  if (answer[0] === 'rate') return { kind: 'rate', waitMs: Math.max(1, Number(answer[1])) };
  return { kind: 'ok' };
}
