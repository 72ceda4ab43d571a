import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

/**
 * Three layers (STYLE.md §11), all run by `npm test`; run one with `npx vitest run --project <name>`:
 * - pure: the flow runtime and other code with no IO of ours: no database, no Redis, runs in seconds;
 * - server: services, routes and workers against the real PostgreSQL and Redis (one database per worker);
 * - media: the media server with real SIP peers (baresip, SIPp, Kamailio) on loopback, plus the database.
 * Playwright (tests/e2e) is the fourth layer.
 */
const pure = [
  'flow-runtime/**/*.test.ts',
  'app/components/**/*.test.{ts,tsx}',
  'app/lib/**/*.test.ts',
  'app/i18n/**/*.test.ts',
  'app/.server/knowledge-base/ingest/**/*.test.ts',
  'app/.server/net/**/*.test.ts',
  'app/.server/providers/**/*.test.ts',
  'app/.server/tools/**/*.test.ts',
  'app/.server/http/{origin-check,redact-url,safe-redirect}.test.ts',
];
const media = [
  'media-server/**/*.test.ts',
  'workers/call-records/call-records-sip.test.ts',
  'workers/call-records/crm-calls-sip.test.ts',
  'workers/campaigns/dialer-sipp.test.ts',
];
const everything = ['**/*.test.ts', '**/*.test.tsx'];
const exclude = ['node_modules/**', 'tests/e2e/**', 'build/**', '.cache/**'];
// Both layers that reach services share one database setup (it runs once per `vitest run`, see the file).
const services = {
  globalSetup: ['tests/support/global-setup.ts'],
  setupFiles: ['tests/support/worker-setup.ts'],
};

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    pool: 'forks',
    maxWorkers: 4,
    // Generous: several files spawn whole processes, and a loaded machine must not fail them (figures live in bench/).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'pure', include: pure, exclude } },
      {
        extends: true,
        test: { name: 'server', include: everything, exclude: [...exclude, ...pure, ...media], ...services },
      },
      { extends: true, test: { name: 'media', include: media, exclude, ...services } },
    ],
  },
});
