// Knowledge tests need neither Postgres nor Redis: this config leaves out the repo's database globalSetup so
// they run alone and fast (`npx vitest run --config app/.server/knowledge/vitest.config.ts`). The root config
// picks the same files up in the full suite.
import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['app/.server/knowledge/**/*.test.ts'],
    exclude: ['node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
