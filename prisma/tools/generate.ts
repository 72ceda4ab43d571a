// `npm run db:generate`: generates the Prisma client offline. `prisma generate` first tries to download
// the native schema engine; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that, and
// generation itself needs no engine.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const result = spawnSync(resolve(root, 'node_modules/.bin/prisma'), ['generate'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(result.status ?? 1);
