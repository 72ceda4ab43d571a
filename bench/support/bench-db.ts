// A fresh, migrated database and a Redis prefix of the benchmarks' own, set in the environment before any
// app module reads it. Import this first.
import { applyMigrations } from '../../prisma/tools/migrate-lib.ts';
import { adminQuery, pgConfigFromUrl, withDatabase } from '../../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL } from '../../tests/support/test-env.ts';

/** `name`: a bench that may run beside another one takes a database of its own. */
export async function prepareBenchDb(name = 'vp_bench'): Promise<void> {
  await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `CREATE DATABASE "${name}"`);
  const url = withDatabase(TEST_SERVER_URL, name);
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/0';
  process.env.REDIS_PREFIX = `vpbench:${process.pid}:`;
  process.env.SECRETS_MASTER_KEY = `kbench:${Buffer.alloc(32, 9).toString('base64')}`;
  process.env.AUTH_JWT_KEYS = `kbench:${Buffer.alloc(32, 8).toString('base64')}`;
  process.env.LOG_LEVEL = 'silent';
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));
