import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { Redis } from 'ioredis';
import { chromiumLaunchOptions } from '../support/chromium';
import { DEMO_PROJECT, signedInPage } from './support/ui';

// Chromium's fake microphone plays a caller's WAV (written by the e2e server's start-up) into the studio's
// voice test; the media server's VAD must hear the utterance and the conversation must move on.
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

test('voice test in the studio: the agent greets, hears the caller through the microphone, and answers', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await expect(page).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  const projectId = /\/p\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const agents = (await (await page.request.get(`/api/v1/projects/${projectId}/agents`)).json()) as {
    agents: { id: string; name: string }[];
  };
  const receptionist = agents.agents.find((a) => a.name === 'Demo receptionist')!;
  // From the studio: the toolbar's voice test opens the test panel's voice mode beside the canvas.
  await page.goto(`/p/${projectId}/agents/${receptionist.id}`);
  await page.getByRole('button', { name: 'Voice test' }).click();
  await expect(page.getByRole('tab', { name: 'Test' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Voice', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const voice = page.getByTestId('voice-test');
  await voice.getByRole('button', { name: 'Start talking' }).click();
  await expect(page.getByTestId('voice-status')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  const agentLines = page.getByTestId('voice-lines').locator('[data-who="agent"]');
  await expect(agentLines.first()).toContainText('Здравствуйте', { timeout: 15_000 });
  // The menu prompt, then the answer to what the microphone said: with no speech recogniser configured the
  // flow hears an utterance it cannot understand and asks again, which is the conversation moving on.
  await expect(agentLines).toHaveCount(3, { timeout: 40_000 });
  // The media server's event stream shows the VAD heard the caller's utterance start and end.
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  const events = await redis.xrange(`vpe2e${process.env.E2E_PORT ?? 3100}:events:calls`, '-', '+');
  await redis.quit();
  const types = events.map(([, fields]) => fields[fields.indexOf('type') + 1]);
  expect(types).toEqual(expect.arrayContaining(['call.started', 'call.speech_started', 'call.speech_ended']));
  await voice.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('voice-status')).toHaveAttribute('data-status', 'ended');
  // Back to text: the chat console is there again.
  await page.getByRole('button', { name: 'Text', exact: true }).click();
  await expect(page.getByTestId('test-console')).toBeVisible();
  await expect(page.getByTestId('voice-status')).toHaveCount(0);
  await page.context().close();
});
