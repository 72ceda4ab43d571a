import type { Redis } from 'ioredis';

/** How the Redis server keeps what the platform puts there (queues, streams, conversation state). */
export interface RedisDurability {
  maxmemoryPolicy: string | null;
  appendOnly: boolean | null;
  /** What could lose jobs or calls' state, in words an operator can act on; empty when all is well. */
  problems: string[];
}

const field = (info: string, name: string): string | null =>
  new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? null;

/** Reads `INFO memory` and `INFO persistence` text (INFO works where CONFIG is disabled, e.g. managed Redis). */
export function redisDurabilityFromInfo(info: string): RedisDurability {
  const maxmemoryPolicy = field(info, 'maxmemory_policy');
  const aof = field(info, 'aof_enabled');
  const appendOnly = aof === null ? null : aof === '1';
  const problems: string[] = [];
  if (maxmemoryPolicy !== null && maxmemoryPolicy !== 'noeviction') {
    problems.push(
      `maxmemory-policy is ${maxmemoryPolicy}: when memory fills up Redis will evict queued jobs and call state. ` +
        'Set `maxmemory-policy noeviction` (BullMQ requires it).',
    );
  }
  if (appendOnly === false) {
    problems.push(
      'appendonly is off: a Redis restart loses queued jobs, the call-event stream and live conversation state. ' +
        'Set `appendonly yes` in production (deploy/docker-compose.yml does).',
    );
  }
  return { maxmemoryPolicy, appendOnly, problems };
}

export async function checkRedisDurability(redis: Redis): Promise<RedisDurability> {
  const info = `${await redis.info('memory')}\n${await redis.info('persistence')}`;
  return redisDurabilityFromInfo(info);
}

/**
 * At start: warns (never stops) when Redis is configured so that jobs or call state can be lost. An
 * unreachable Redis is not reported here: the process's own connection logs retries until it is back.
 */
export async function warnIfRedisNotDurable(
  redis: Redis,
  logger: { warn(details: object, message: string): void },
): Promise<void> {
  try {
    const report = await checkRedisDurability(redis);
    for (const problem of report.problems) logger.warn({ redis: report }, `Redis durability: ${problem}`);
  } catch (e) {
    logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'Redis durability could not be checked');
  }
}
