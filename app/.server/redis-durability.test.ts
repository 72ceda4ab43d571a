import { afterAll, describe, expect, it } from 'vitest';
import { redisEnv } from './env/env-schema.ts';
import { parseEnv } from './env/load-env.ts';
import { createRedis } from './redis.ts';
import { checkRedisDurability, redisDurabilityFromInfo, warnIfRedisNotDurable } from './redis-durability.ts';

const redis = createRedis(parseEnv(redisEnv, 'test'));
afterAll(() => redis.quit());

describe('Redis durability at start', () => {
  it('names an evicting policy and a missing append-only file', () => {
    const report = redisDurabilityFromInfo(
      '# Memory\r\nused_memory:1\r\nmaxmemory_policy:allkeys-lru\r\n# Persistence\r\naof_enabled:0\r\n',
    );
    expect(report).toMatchObject({ maxmemoryPolicy: 'allkeys-lru', appendOnly: false });
    expect(report.problems[0]).toMatch(/allkeys-lru.*noeviction/s);
    expect(report.problems[1]).toMatch(/appendonly yes/);
  });

  it('is quiet for noeviction with AOF on', () => {
    const report = redisDurabilityFromInfo('maxmemory_policy:noeviction\naof_enabled:1\n');
    expect(report).toEqual({ maxmemoryPolicy: 'noeviction', appendOnly: true, problems: [] });
  });

  it('reads the real server and warns through the logger for each problem', async () => {
    const report = await checkRedisDurability(redis);
    expect(report.maxmemoryPolicy).toMatch(/^[a-z-]+$/);
    expect(typeof report.appendOnly).toBe('boolean');
    const warnings: string[] = [];
    await warnIfRedisNotDurable(redis, { warn: (_details, message) => warnings.push(message) });
    expect(warnings).toHaveLength(report.problems.length);
  });
});
