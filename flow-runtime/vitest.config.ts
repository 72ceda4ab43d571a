import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

// The flow runtime is pure: its tests need no Postgres or Redis, so this config skips the repo-wide
// globalSetup and runs only the runtime's own tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['flow-runtime/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 20_000,
  },
});
