import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { startBaresip, type BaresipPeer } from '../../media-server/src/sip-gateway/test-support/baresip-peer';
import { DEMO_PROJECT, signedInPage } from './support/ui';
import { OWN_RECEPTIONIST_USER, ownReceptionist } from './support/own-receptionist';

// The supervisors' live monitor end to end: a SIP call from baresip and a browser voice test call appear on
// the board as they start, the selected call's transcript streams in, an alert rule fires when the flow
// answers from the same step again and again, and each call leaves the board when it ends.
const wav = resolve(import.meta.dirname, '../../test-results/voice-caller.wav');
test.use({
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

const sipPort = Number(process.env.E2E_PORT ?? 3100) + 2000;

test('a supervisor watches a SIP call and a browser call live, with an alert on a repeated fallback', async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  // A project of its own: the board counts every call of its project, and other specs call the demo's agent.
  const own = await ownReceptionist(request, 'board');
  const projectId = own.projectId;
  const supervisor = await signedInPage(browser, 'en', OWN_RECEPTIONIST_USER);
  await supervisor.goto(`/p/${projectId}`);
  // The stuck-step rule at two turns (the next call follows the saved rules; the default is three).
  const saved = await supervisor.request.put(`/api/v1/projects/${projectId}/monitor`, {
    data: {
      rules: { silenceSeconds: null, repeatedFallbacks: 2, keywords: [], waitingSeconds: null },
      sound: false,
    },
    headers: { origin: new URL(supervisor.url()).origin },
  });
  expect(saved.status()).toBe(200);
  await supervisor.getByRole('link', { name: 'Live monitor' }).click();
  await expect(supervisor.getByRole('heading', { name: 'Live monitor' })).toBeVisible();
  await expect(supervisor.getByTestId('monitor-connection')).toHaveText('Live');
  const rows = supervisor.getByTestId('monitor-row');
  await expect(rows).toHaveCount(0);

  // The builder's studio is open before the phone call starts: the flow hangs up on a silent caller before
  // long, and a sign-in on a busy machine can take longer than that.
  const builder = await signedInPage(browser, 'en', OWN_RECEPTIONIST_USER);
  await builder.goto(`/p/${projectId}/agents/${own.agentId}`);
  await builder.getByRole('button', { name: 'Voice test' }).click();

  // A phone call: baresip dials the agent's SIP address.
  let peer: BaresipPeer | undefined;
  try {
    peer = await startBaresip({ sourcePcm: new Int16Array(8000 * 30) });
    await peer.command('dial', `sip:${own.address}@127.0.0.1:${sipPort}`);
    await peer.waitFor('CALL_ESTABLISHED', 15_000);
    const sipRow = rows.filter({ hasText: 'Inbound' });
    await expect(sipRow).toHaveCount(1);
    await expect(sipRow).toContainText('Demo receptionist');
    await expect(sipRow).toContainText('Здравствуйте');

    // A browser call: a builder's voice test in the studio, in a context of its own.
    await builder.getByTestId('voice-test').getByRole('button', { name: 'Start talking' }).click();
    await expect(builder.getByTestId('voice-status')).toHaveAttribute('data-status', 'live', {
      timeout: 15_000,
    });
    await expect(rows).toHaveCount(2);
    const browserRow = rows.filter({ hasText: 'Browser' });
    await expect(browserRow).toHaveCount(1);

    // The phone call ends: it leaves the board (the hang-up travels through the media server and the bus).
    await peer.command('hangup');
    await expect(sipRow).toHaveCount(0, { timeout: 20_000 });
    await expect(rows).toHaveCount(1);

    // Follow the browser call: its transcript streams in (the greeting first, then the re-asks).
    await browserRow.click();
    const panel = supervisor.getByTestId('monitor-call-panel');
    await expect(panel.getByTestId('monitor-transcript')).toContainText('Здравствуйте', { timeout: 15_000 });
    await expect(panel.getByTestId('flow-path')).toBeVisible();
    // The microphone repeats an utterance the flow cannot understand: it asks again from the same step,
    // and the rule marks the call.
    await expect(browserRow.getByTestId('monitor-alerts')).toContainText('Stuck on a step', {
      timeout: 60_000,
    });
    await expect(browserRow).toHaveAttribute('data-alerted', 'true');
    await expect(
      panel.getByTestId('monitor-transcript').locator('li').filter({ hasText: 'Alert' }).first(),
    ).toBeVisible();
    const linesBefore = await panel.getByTestId('monitor-transcript').locator('li').count();
    expect(linesBefore).toBeGreaterThan(2);

    // The browser call ends: it leaves the board and the panel says so; the board is empty again.
    await builder.getByTestId('voice-test').getByRole('button', { name: 'Hang up' }).click();
    await expect(browserRow).toHaveCount(0);
    await expect(panel).toContainText('The call has ended.');
    await expect(rows).toHaveCount(0);
    await expect(supervisor.getByTestId('counter-live')).toContainText('0');
    await builder.context().close();
  } finally {
    await peer?.quit();
  }
  await supervisor.context().close();
});

test('roles without the monitor get no menu item and 403', async ({ browser }) => {
  const analyst = await signedInPage(browser, 'en', 'analyst@demo.local');
  await analyst.goto('/projects');
  await analyst.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await expect(analyst).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  const projectId = /\/p\/([0-9a-f-]{36})/.exec(analyst.url())![1]!;
  // Exact: the analyst's home also links to the Inbox ("Open the Inbox"); the menu item is the one meant.
  await expect(analyst.getByRole('link', { name: 'Inbox', exact: true })).toBeVisible();
  await expect(analyst.getByRole('link', { name: 'Live monitor' })).toHaveCount(0);
  const api = await analyst.request.get(`/api/v1/projects/${projectId}/monitor`);
  expect(api.status()).toBe(403);
  const page = await analyst.goto(`/p/${projectId}/monitor`);
  expect(page?.status()).toBe(403);
  await analyst.context().close();
});
