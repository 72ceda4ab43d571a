import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ServiceError } from './service-error.ts';
import { unavailableDependency } from './dependency-unavailable.ts';

const named = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name }, extra);

describe('unavailableDependency', () => {
  it('recognises Prisma and pg connection failures as the database', () => {
    const adapter = { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } };
    expect(unavailableDependency(named('PrismaClientKnownRequestError', 'x', { code: 'P1001' }))).toBe(
      'database',
    );
    expect(
      unavailableDependency(named('PrismaClientKnownRequestError', 'x', { code: 'P2010', meta: adapter })),
    ).toBe('database');
    expect(unavailableDependency(new Error('Connection terminated unexpectedly'))).toBe('database');
    expect(
      unavailableDependency(
        named('error', 'the database system is shutting down', { code: '57P01', severity: 'FATAL' }),
      ),
    ).toBe('database');
  });

  it('recognises ioredis without a connection as Redis, also when wrapped', () => {
    const redis = named(
      'MaxRetriesPerRequestError',
      'Reached the max retries per request limit (which is 3).',
    );
    expect(unavailableDependency(redis)).toBe('redis');
    expect(unavailableDependency(new Error('Connection is closed.'))).toBe('redis');
    expect(unavailableDependency(new Error('job failed', { cause: redis }))).toBe('redis');
  });

  it('leaves every other error alone (bugs, refusals, query errors, other hosts)', () => {
    expect(unavailableDependency(new ServiceError(404, 'x', 'missing'))).toBeNull();
    expect(unavailableDependency(z.string().safeParse(1).error)).toBeNull();
    expect(
      unavailableDependency(named('PrismaClientKnownRequestError', 'Unique constraint', { code: 'P2002' })),
    ).toBeNull();
    expect(
      unavailableDependency(
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:443'), { code: 'ECONNREFUSED' }),
      ),
    ).toBeNull();
    expect(unavailableDependency('text')).toBeNull();
    expect(unavailableDependency(undefined)).toBeNull();
  });
});
