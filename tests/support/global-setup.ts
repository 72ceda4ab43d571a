// Runs once before the suite (whichever layer starts first): migrates a template database, then clones one database per worker from it
// (CREATE DATABASE ... TEMPLATE is a file copy: far faster than migrating each).
import { applyMigrations } from '../../prisma/tools/migrate-lib.ts';
import { adminQuery, pgConfigFromUrl } from '../../prisma/tools/pg-config.ts';
import { checkServices } from '../../scripts/lib/check-services.ts';
import {
  TEST_DB_PREFIX,
  TEST_REDIS_PREFIX_ROOT,
  MAX_TEST_WORKERS,
  TEMPLATE_DB,
  TEST_SERVER_URL,
  templateUrl,
  workerDatabaseName,
} from './test-env.ts';

/**
 * The server and media layers (vitest.config.ts) both name this file: the first to start prepares the
 * databases, the last to finish drops them, so neither drops the other's while its tests still run.
 */
const shared = globalThis as { vpTestSetup?: { users: number; ready: Promise<void> } };

export default async function setup() {
  if (shared.vpTestSetup) {
    shared.vpTestSetup.users += 1;
    await shared.vpTestSetup.ready;
  } else {
    shared.vpTestSetup = { users: 1, ready: prepare() };
    await shared.vpTestSetup.ready;
  }
  return async () => {
    const state = shared.vpTestSetup!;
    state.users -= 1;
    if (state.users === 0) {
      shared.vpTestSetup = undefined;
      await dropAll();
    }
  };
}

const server = () => pgConfigFromUrl(TEST_SERVER_URL);
const dbNames = [
  TEMPLATE_DB,
  ...Array.from({ length: MAX_TEST_WORKERS }, (_, i) => workerDatabaseName(i + 1)),
];

async function dropAll() {
  for (const name of dbNames) await adminQuery(server(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await clearTestRedisKeys();
}

async function prepare() {
  await checkServices(
    { databaseUrl: TEST_SERVER_URL, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'npm test',
  );
  await dropAbandonedDatabases(server());
  for (const name of dbNames) await adminQuery(server(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(server(), `CREATE DATABASE "${TEMPLATE_DB}"`);
  await applyMigrations(templateUrl());
  for (const name of dbNames.slice(1))
    await adminQuery(server(), `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  await clearTestRedisKeys();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Databases of runs whose process is gone (killed mid-run), and those of the older unnamespaced layout. */
async function dropAbandonedDatabases(server: ReturnType<typeof pgConfigFromUrl>) {
  const pg = await import('pg');
  const client = new pg.default.Client({ ...server, database: 'postgres' });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${TEST_DB_PREFIX}%`],
  );
  await client.end();
  for (const { datname } of rows) {
    const pid = /^vp_test_r(\d+)_/.exec(datname)?.[1];
    if (pid && alive(Number(pid))) continue;
    await adminQuery(server, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

/** Counters and state from an earlier run (throttling, conversations) must not leak into this one. */
async function clearTestRedisKeys() {
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${TEST_REDIS_PREFIX_ROOT}*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
