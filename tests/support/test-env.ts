// The environment every test process shares. Each Vitest worker gets its own database (cloned from a
// migrated template) and its own Redis key prefix, so test files run in parallel without touching each other.
import { withDatabase } from '../../prisma/tools/pg-config.ts';

export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'vp_test_template';
export const MAX_TEST_WORKERS = 8;
/** A fixed, test-only master key (never used outside tests). */
export const TEST_MASTER_KEY = 'ktest:' + Buffer.alloc(32, 7).toString('base64');

/** Every test worker's Redis prefix starts with this; the suite clears such keys before it runs. */
export const TEST_REDIS_PREFIX_ROOT = 'vptest:';
export const workerDatabaseName = (poolId: string | number) => `vp_test_w${poolId}`;
export const templateUrl = () => withDatabase(TEST_SERVER_URL, TEMPLATE_DB);
export const workerDatabaseUrl = (poolId: string | number) =>
  withDatabase(TEST_SERVER_URL, workerDatabaseName(poolId));
