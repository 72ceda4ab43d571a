import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { startBaresip, type BaresipPeer } from '../../media-server/src/sip-gateway/test-support/baresip-peer';
import { DEMO_PROJECT, signedInPage } from './support/ui';

// Listening in end to end: baresip calls the demo agent playing a tone, a supervisor picks the call on the
// live monitor and clicks Listen, and the page's analyser measures sound in what the browser received and
// played (the caller's tone and the bot, mixed by the media server). Stop ends it; the call then leaves.
// Runs in its own project after the live board's spec, so its call never shows on that board.
test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, '--autoplay-policy=no-user-gesture-required'],
  },
});

const sipPort = Number(process.env.E2E_PORT ?? 3100) + 2000;

/** 30 s of a 440 Hz tone at 8 kHz, a fifth of full scale: what the caller "says". */
function tone(): Int16Array {
  const pcm = new Int16Array(8000 * 30);
  for (let i = 0; i < pcm.length; i += 1)
    pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return pcm;
}

test('a supervisor listens in on a live SIP call and hears it; Stop ends listening', async ({ browser }) => {
  test.setTimeout(90_000);
  const supervisor = await signedInPage(browser, 'en', 'supervisor@demo.local');
  await supervisor.goto('/projects');
  await supervisor.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await expect(supervisor).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  await supervisor.getByRole('link', { name: 'Live monitor' }).click();
  await expect(supervisor.getByTestId('monitor-connection')).toHaveText('Live');

  let peer: BaresipPeer | undefined;
  try {
    peer = await startBaresip({ sourcePcm: tone(), user: '+79161230019' });
    await peer.command('dial', `sip:demo@127.0.0.1:${sipPort}`);
    await peer.waitFor('CALL_ESTABLISHED', 15_000);
    const row = supervisor.getByTestId('monitor-row').filter({ hasText: '+79161230019' });
    await expect(row).toHaveCount(1);

    // The campaign filter: a call from no campaign stays under "Not from a campaign".
    await supervisor.getByRole('combobox', { name: 'Campaign' }).click();
    await supervisor.getByRole('option', { name: 'Not from a campaign' }).click();
    await expect(row).toHaveCount(1);

    await row.click();
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

    await peer.command('hangup');
    await expect(row).toHaveCount(0);
  } finally {
    await peer?.quit();
  }
  await supervisor.context().close();
});

test('the listen controls and the campaign filter speak Russian', async ({ browser }) => {
  const supervisor = await signedInPage(browser, 'ru', 'supervisor@demo.local');
  await supervisor.goto('/projects');
  await supervisor.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await expect(supervisor).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  await supervisor.getByRole('link', { name: 'Живой мониторинг' }).click();
  await supervisor.getByRole('combobox', { name: 'Кампания' }).click();
  await expect(supervisor.getByRole('option', { name: 'Не из кампании' })).toBeVisible();
  await expect(supervisor.getByRole('option', { name: 'Все звонки' })).toBeVisible();
  await supervisor.context().close();
});
