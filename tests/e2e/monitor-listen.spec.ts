import { resolve } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { startBaresip, type BaresipPeer } from '../../media-server/src/sip-gateway/test-support/baresip-peer';
import { DEMO_PROJECT, signedInPage } from './support/ui';
import { OWN_RECEPTIONIST_USER, ownReceptionist, type OwnReceptionist } from './support/own-receptionist';

// Listening in end to end: baresip calls a copy of the demo agent playing a tone, a supervisor picks the call on the
// live monitor and clicks Listen, and the page's analyser measures sound in what the browser received and
// played (the caller's tone and the bot, mixed by the media server). Stop ends it; the call then leaves.
// Each call is placed in a project of its own (other specs call the demo agent, and their calls would be rows
// here too), so this spec runs beside the others.
// One after another: each test signs people in, and sign-ins side by side on a loaded machine outlast the wait.
test.describe.configure({ mode: 'default' });

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

/** The live monitor of the demo project as its supervisor, or of `own` (a project of a spec's own) as its owner. */
async function openMonitor(
  browser: Browser,
  locale: 'en' | 'ru',
  own?: OwnReceptionist,
): Promise<{ page: Page; projectId: string }> {
  const page = await signedInPage(browser, locale, own ? OWN_RECEPTIONIST_USER : 'supervisor@demo.local');
  if (own) await page.goto(`/p/${own.projectId}`);
  else {
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  }
  await expect(page).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  const projectId = /\/p\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.getByRole('link', { name: locale === 'en' ? 'Live monitor' : 'Живой мониторинг' }).click();
  await expect(page.getByTestId('monitor-connection')).toHaveText(locale === 'en' ? 'Live' : 'В эфире');
  return { page, projectId };
}

/** Listen on the selected call until the page's analyser has measured sound, then Stop. */
async function listenAndHear(supervisor: Page): Promise<void> {
  const listen = supervisor.getByTestId('monitor-listen');
  await listen.getByRole('button', { name: 'Listen' }).click();
  await expect(listen.getByTestId('monitor-listen-status')).toHaveAttribute('data-status', 'live');
  const meter = listen.getByTestId('monitor-listen-meter');
  // What the browser played, measured by its own analyser: sound, not silence.
  await expect
    .poll(async () => Number(await meter.getAttribute('data-peak')), { timeout: 15_000 })
    .toBeGreaterThan(0.02);
  await listen.getByRole('button', { name: 'Stop' }).click();
  await expect(listen.getByTestId('monitor-listen-status')).toHaveAttribute('data-status', 'idle');
  await expect(meter).toHaveCount(0);
}

const sipPort = Number(process.env.E2E_PORT ?? 3100) + 2000;

/** 30 s of a 440 Hz tone at 8 kHz, a fifth of full scale: what the caller "says". */
function tone(): Int16Array {
  const pcm = new Int16Array(8000 * 30);
  for (let i = 0; i < pcm.length; i += 1)
    pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return pcm;
}

test('a supervisor listens in on a live SIP call and hears it; Stop ends listening', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const own = await ownReceptionist(request, 'listen-sip');
  const { page: supervisor } = await openMonitor(browser, 'en', own);

  let peer: BaresipPeer | undefined;
  try {
    peer = await startBaresip({ sourcePcm: tone(), user: '+79161230019' });
    await peer.command('dial', `sip:${own.address}@127.0.0.1:${sipPort}`);
    await peer.waitFor('CALL_ESTABLISHED', 15_000);
    const row = supervisor.getByTestId('monitor-row').filter({ hasText: '+79161230019' });
    await expect(row).toHaveCount(1);

    // The campaign filter: a call from no campaign stays under "Not from a campaign".
    await supervisor.getByRole('combobox', { name: 'Campaign' }).click();
    await supervisor.getByRole('option', { name: 'Not from a campaign' }).click();
    await expect(row).toHaveCount(1);

    await row.click();
    await listenAndHear(supervisor);

    await peer.command('hangup');
    await expect(row).toHaveCount(0);
  } finally {
    await peer?.quit();
  }
  await supervisor.context().close();
});

test('a supervisor listens in on a browser test call', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const own = await ownReceptionist(request, 'listen');
  const { page: supervisor, projectId } = await openMonitor(browser, 'en', own);
  const builder = await signedInPage(browser, 'en', OWN_RECEPTIONIST_USER);
  await builder.goto(`/p/${projectId}/agents/${own.agentId}`);
  await builder.getByRole('button', { name: 'Voice test' }).click();
  await builder.getByTestId('voice-test').getByRole('button', { name: 'Start talking' }).click();
  await expect(builder.getByTestId('voice-status')).toHaveAttribute('data-status', 'live', {
    timeout: 15_000,
  });
  const row = supervisor.getByTestId('monitor-row').filter({ hasText: 'Browser' });
  await expect(row).toHaveCount(1);
  await row.click();
  await listenAndHear(supervisor);
  await builder.getByTestId('voice-test').getByRole('button', { name: 'Hang up' }).click();
  await expect(row).toHaveCount(0);
  await builder.context().close();
  await supervisor.context().close();
});

test('a supervisor cannot whisper with no operator on the call, takes it over from the bot, and Stop ends it', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const own = await ownReceptionist(request, 'takeover');
  const { page: supervisor, projectId } = await openMonitor(browser, 'en', own);
  const builder = await signedInPage(browser, 'en', OWN_RECEPTIONIST_USER);
  await builder.goto(`/p/${projectId}/agents/${own.agentId}`);
  await builder.getByRole('button', { name: 'Voice test' }).click();
  await builder.getByTestId('voice-test').getByRole('button', { name: 'Start talking' }).click();
  await expect(builder.getByTestId('voice-status')).toHaveAttribute('data-status', 'live', {
    timeout: 15_000,
  });
  const row = supervisor.getByTestId('monitor-row').filter({ hasText: 'Browser' });
  await row.click();
  const listen = supervisor.getByTestId('monitor-listen');
  const status = listen.getByTestId('monitor-listen-status');
  await listen.getByRole('button', { name: 'Whisper' }).click();
  await expect(status).toContainText('No operator is on this call yet');
  await listen.getByRole('button', { name: 'Take over' }).click();
  await expect(status).toHaveAttribute('data-status', 'live');
  await expect(status).toContainText('You took over from the bot');
  // Leaving a call taken over ends it: the bot no longer runs it.
  await listen.getByRole('button', { name: 'Stop' }).click();
  await expect(row).toHaveCount(0, { timeout: 15_000 });
  await builder.context().close();
  await supervisor.context().close();
});

test('the listen controls and the campaign filter speak Russian', async ({ browser }) => {
  const { page: supervisor } = await openMonitor(browser, 'ru');
  await expect(supervisor.getByRole('heading', { name: 'Живой мониторинг' })).toBeVisible();
  await supervisor.getByRole('combobox', { name: 'Кампания' }).click();
  await expect(supervisor.getByRole('option', { name: 'Не из кампании' })).toBeVisible();
  await expect(supervisor.getByRole('option', { name: 'Все звонки' })).toBeVisible();
  await supervisor.context().close();
});
