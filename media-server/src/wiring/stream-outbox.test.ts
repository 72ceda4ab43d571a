// A Redis outage during calls: the call events wait in the media server and reach the stream once Redis is
// back. Redis is shared on this machine, so the outage is a proxy in front of it.
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';
import { TcpProxy } from '../../../tests/support/tcp-proxy.ts';
import { createStreamOutbox } from './stream-outbox.ts';

const proxy = await new TcpProxy('127.0.0.1', Number(new URL(process.env.REDIS_URL!).port || 6379)).start();
const config = { REDIS_URL: proxy.urlFor(process.env.REDIS_URL!), REDIS_PREFIX: process.env.REDIS_PREFIX! };
const redis = createRedis(config, { autoPipelining: true });
redis.on('error', () => {});
const direct = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const stream = `events:outbox-${crypto.randomUUID().slice(0, 6)}`;

afterAll(async () => {
  await direct.del(stream);
  redis.disconnect();
  await direct.quit();
  await proxy.stop();
});

const reply = (n: number): VoiceCallEvent => ({
  type: 'call.reply',
  callId: 'c1',
  at: n,
  text: `reply ${n}`,
});

it('keeps the events of a Redis outage and sends them when it is back', async () => {
  const outbox = createStreamOutbox(redis, stream, createLogger('outbox-test', 'silent'), { retryMs: 100 });
  outbox.sink(reply(1));
  await expect.poll(() => direct.xlen(stream)).toBe(1);

  await proxy.cut();
  for (let n = 2; n <= 5; n += 1) outbox.sink(reply(n));
  await expect.poll(() => outbox.pending(), { timeout: 10_000 }).toBe(4);
  await proxy.restore();

  await expect.poll(() => outbox.pending(), { timeout: 30_000 }).toBe(0);
  outbox.sink(reply(6));
  await expect.poll(() => direct.xlen(stream), { timeout: 10_000 }).toBe(6);
  const entries = (await direct.xrange(stream, '-', '+')) as [string, string[]][];
  expect(entries.map(([, fields]) => (JSON.parse(fields[3]!) as { at: number }).at)).toEqual([
    1, 2, 3, 4, 5, 6,
  ]);
}, 60_000);
