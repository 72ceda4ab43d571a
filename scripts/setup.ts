// `npm run setup`: writes .env (once, with fresh keys; readable by its owner only), checks PostgreSQL and
// Redis, creates and migrates the database and generates the Prisma client. Safe to run again.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { checkServices, ServicesDownError } from './lib/check-services.ts';
import { prepareEnvFile } from './lib/env-file.ts';

const root = resolve(import.meta.dirname, '..');
const envPath = resolve(root, '.env');

for (const line of prepareEnvFile(envPath, resolve(root, '.env.example'))) console.log(`setup: ${line}`);
process.loadEnvFile(envPath);

try {
  await checkServices(
    {
      databaseUrl: process.env.DATABASE_URL ?? '',
      redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    },
    'setup',
  );
} catch (e) {
  if (e instanceof ServicesDownError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const run = (script: string) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(root, script)], {
    stdio: 'inherit',
    cwd: root,
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('prisma/tools/generate.ts');
run('prisma/tools/migrate.ts');
console.log('setup: done');
