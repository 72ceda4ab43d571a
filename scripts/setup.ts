// `npm run setup`: writes .env (once, with fresh keys), checks PostgreSQL and Redis, creates and migrates
// the database and generates the Prisma client. Safe to run again.
import { copyFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { checkServices, ServicesDownError } from './lib/check-services.ts';
import { freshKey, getVar, readEnvFile, setVar, writeEnvFile } from './lib/env-file.ts';

const root = resolve(import.meta.dirname, '..');
const envPath = resolve(root, '.env');

if (!existsSync(envPath)) {
  copyFileSync(resolve(root, '.env.example'), envPath);
  console.log('setup: wrote .env from .env.example');
}
let text = readEnvFile(envPath);
if (!getVar(text, 'SECRETS_MASTER_KEY')) {
  text = setVar(text, 'SECRETS_MASTER_KEY', freshKey('k'));
  console.log(
    'setup: generated a new SECRETS_MASTER_KEY in .env (back it up: secrets cannot be read without it)',
  );
}
if (!getVar(text, 'AUTH_JWT_KEYS')) text = setVar(text, 'AUTH_JWT_KEYS', freshKey('jwt', 48));
writeEnvFile(envPath, text);
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
