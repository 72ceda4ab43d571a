// Runs in every test process before its test files: points it at its own database and Redis prefix.
import { TEST_MASTER_KEY, TEST_REDIS_PREFIX_ROOT, workerDatabaseUrl } from './test-env.ts';

const poolId = process.env.VITEST_POOL_ID ?? '1';
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = workerDatabaseUrl(poolId);
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/0';
process.env.REDIS_PREFIX = `${TEST_REDIS_PREFIX_ROOT}w${poolId}`;
process.env.SECRETS_MASTER_KEY = TEST_MASTER_KEY;
process.env.SECRETS_PREVIOUS_KEYS = '';
process.env.LOG_LEVEL ??= 'silent';
process.env.AUTH_JWT_KEYS = `ktest:${Buffer.alloc(32, 5).toString('base64')}`;
