import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/support/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3100);

const chromium = chromiumLaunchOptions;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Many specs walk several screens; on a loaded 2-core machine 30 s was too short for some of them.
  timeout: 60_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  // Three: the suite mostly waits (real calls in real time, pages streaming events), not computes. Under a load of
  // 25 on this 2-core machine two workers took only a sixth longer than idle, so a third worker shortens the run.
  workers: Number(process.env.E2E_WORKERS ?? 3),
  retries: process.env.CI ? 1 : 0,
  outputDir: 'test-results/playwright',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  // The live monitor's specs watch projects of their own, so every spec runs beside the others.
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromium } }],
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
