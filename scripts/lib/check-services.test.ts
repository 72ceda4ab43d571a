import { describe, expect, it } from 'vitest';
import { checkServices, ServicesDownError } from './check-services.ts';

describe('checkServices', () => {
  it('passes when PostgreSQL and Redis answer', async () => {
    await expect(
      checkServices(
        { databaseUrl: 'postgresql://root@127.0.0.1:5432/postgres', redisUrl: process.env.REDIS_URL! },
        'npm test',
      ),
    ).resolves.toBeUndefined();
  });

  it('names what is down and how to start it', async () => {
    const error = await checkServices(
      { databaseUrl: 'postgresql://root@127.0.0.1:1/postgres', redisUrl: 'redis://127.0.0.1:1' },
      'npm run demo',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServicesDownError);
    const message = (error as Error).message;
    expect(message).toContain('npm run demo needs PostgreSQL and Redis');
    expect(message).toMatch(/PostgreSQL is not reachable[\s\S]*pg_ctlcluster/);
    expect(message).toMatch(/Redis is not reachable[\s\S]*redis-server --daemonize yes/);
  });
});
