import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/support/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3100);

const chromium = chromiumLaunchOptions;
const LIVE_BOARD_SPECS = '**/monitor.spec.ts';
const LISTEN_IN_SPECS = '**/monitor-listen.spec.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Many specs walk several screens; on a loaded 2-core machine 30 s was too short for some of them.
  timeout: 60_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  outputDir: 'test-results/playwright',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [LIVE_BOARD_SPECS, LISTEN_IN_SPECS],
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
    // The live monitor counts every call of the demo project on its board: it runs after the other specs, alone,
    // so that their calls cannot appear on it.
    {
      name: 'live-board',
      testMatch: LIVE_BOARD_SPECS,
      dependencies: ['chromium'],
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
    // Listening in places a call of its own: after the live board's spec, so it never shows on its board.
    {
      name: 'listen-in',
      testMatch: LISTEN_IN_SPECS,
      dependencies: ['live-board'],
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
  ],
  webServer: {
    command: 'node --import tsx tests/e2e/support/start-server.ts',
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    // The server starts in 60–110 s when the machine is busy.
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { E2E_PORT: String(PORT) },
  },
});
