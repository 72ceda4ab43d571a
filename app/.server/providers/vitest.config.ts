// Provider, tool and network tests need neither Postgres nor Redis: this config leaves out the repo's
// database globalSetup so these suites run alone and fast (`npx vitest run --config app/.server/providers/vitest.config.ts`).
import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: [
      'app/.server/providers/**/*.test.ts',
      'app/.server/tools/**/*.test.ts',
      'app/.server/net/**/*.test.ts',
    ],
    exclude: ['node_modules/**'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
