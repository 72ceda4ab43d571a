// Issue 14, item 5: the app runs under its Content-Security-Policy. Every main screen is visited (sign-in,
// projects, home, agents and the studio canvas, inbox and a call, numbers, knowledge, members, audit, the
// voice test with a live WebSocket call) while every `securitypolicyviolation` event and every console
// message about the policy is recorded; there must be none. A script injected without the nonce must be
// refused, which shows the recorder works and the policy is enforced.
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { DEMO_PASSWORD } from './support/ui';

const wav = resolve(import.meta.dirname, '../../test-results/voice-caller.wav');
test.use({
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [
      ...chromiumLaunchOptions.args,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  sample?: string;
}

/** Records CSP violations from every document the page loads, and console lines that mention the policy. */
async function recordViolations(page: Page): Promise<Violation[]> {
  const violations: Violation[] = [];
  await page.exposeFunction('__reportCspViolation', (v: Violation) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (v: object) => void })
        .__reportCspViolation;
      report({
        page: location.pathname,
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
      });
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|connect|apply|frame)/i.test(message.text())) {
      violations.push({ page: page.url(), directive: 'console', blocked: message.text() });
    }
  });
  return violations;
}

/** Opens a screen, checks it was served under a nonce policy, and waits for it to settle. */
async function visit(page: Page, path: string, ready: () => Promise<void>) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+'/);
  await ready();
  await page.waitForLoadState('networkidle');
}

test('every main screen runs under the CSP without a single violation', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { projectId, agent } = await demoReceptionist(request, await builderBearer(request));
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const violations = await recordViolations(page);
  const p = `/p/${projectId}`;

  // Sign in through the screen (a form post, a redirect, hydration).
  await visit(page, '/login', () => expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible());
  await page.getByLabel('Email').fill('owner@demo.local');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/(projects|p\/[0-9a-f-]{36})$/, { timeout: 30_000 }); // argon2 waits its turn on a busy machine

  await visit(page, '/projects', () =>
    expect(page.getByRole('heading', { name: 'Choose a project' })).toBeVisible(),
  );
  await visit(page, p, () => expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible());
  await visit(page, `${p}/agents`, () =>
    expect(page.getByRole('button', { name: 'New agent' })).toBeVisible(),
  );
  // The studio: React Flow draws the canvas with inline styles; the test panel talks to the API.
  await visit(page, `${p}/agents/${agent.id}`, () =>
    expect(page.locator('.react-flow__node').first()).toBeVisible(),
  );
  await page.getByRole('button', { name: 'Voice test' }).click();
  const voice = page.getByTestId('voice-test');
  await voice.getByRole('button', { name: 'Start talking' }).click();
  // The voice WebSocket to the media server (VOICE_PUBLIC_URL, another port) must be allowed.
  await expect(page.getByTestId('voice-status')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await expect(page.getByTestId('voice-lines').locator('[data-who="agent"]').first()).toBeVisible({
    timeout: 15_000,
  });
  await voice.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('voice-status')).toHaveAttribute('data-status', 'ended');

  await visit(page, `${p}/agents/${agent.id}/voice`, () =>
    expect(page.getByRole('button', { name: 'Start talking' })).toBeVisible(),
  );
  await visit(page, `${p}/inbox`, () => expect(page.getByRole('heading').first()).toBeVisible());
  const firstCall = page.locator('a[href*="/inbox/"]').first();
  if (await firstCall.count()) {
    await firstCall.click();
    await page.waitForLoadState('networkidle');
  }
  await visit(page, `${p}/numbers`, () => expect(page.getByRole('heading').first()).toBeVisible());
  await visit(page, `${p}/knowledge`, () => expect(page.getByRole('heading').first()).toBeVisible());
  await visit(page, `${p}/members`, () =>
    expect(page.getByRole('button', { name: 'Invite member' })).toBeVisible(),
  );
  await visit(page, `${p}/audit`, () => expect(page.getByRole('heading').first()).toBeVisible());
  // The language switch posts a form and redirects back.
  await page
    .getByRole('button', { name: /Русский/ })
    .first()
    .click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.waitForLoadState('networkidle');

  expect(violations).toEqual([]);

  // Positive control: a script without the nonce is refused and reported.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injectedRan = true;';
    document.body.append(script);
  });
  await expect
    .poll(() => violations.filter((v) => v.directive === 'script-src-elem').length)
    .toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as { __injectedRan?: boolean }).__injectedRan)).toBeUndefined();
  await context.close();
});

test('the app cannot be framed by another page', async ({ page }) => {
  const response = await page.goto('/login');
  const headers = (await response?.allHeaders()) ?? {};
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
});
