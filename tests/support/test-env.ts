// The environment every test process shares. Each Vitest worker gets its own database (cloned from a
// migrated template) and its own Redis key prefix, so test files run in parallel without touching each other.
import { withDatabase } from '../../prisma/tools/pg-config.ts';

export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
/**
 * One namespace per `vitest run`, so two suites on one machine (two terminals, parallel agents) never drop
 * each other's databases: the main process's pid, which its forked workers see as their parent.
 */
export const TEST_RUN =
  process.env.VP_TEST_RUN ?? `r${process.env.VITEST_POOL_ID ? process.ppid : process.pid}`;
export const TEST_DB_PREFIX = 'vp_test_';
export const TEMPLATE_DB = `${TEST_DB_PREFIX}${TEST_RUN}_template`;
export const MAX_TEST_WORKERS = 8;
/** A fixed, test-only master key (never used outside tests). */
export const TEST_MASTER_KEY = 'ktest:' + Buffer.alloc(32, 7).toString('base64');

/** Every test worker's Redis prefix starts with this; the suite clears such keys before it runs. */
export const TEST_REDIS_PREFIX_ROOT = `vptest:${TEST_RUN}:`;
export const workerDatabaseName = (poolId: string | number) => `${TEST_DB_PREFIX}${TEST_RUN}_w${poolId}`;
export const templateUrl = () => withDatabase(TEST_SERVER_URL, TEMPLATE_DB);
export const workerDatabaseUrl = (poolId: string | number) =>
  withDatabase(TEST_SERVER_URL, workerDatabaseName(poolId));
/** The browser suite's database, one per E2E_PORT. */
export const e2eDatabaseName = (port: string) => `vp_e2e_${port}`;
