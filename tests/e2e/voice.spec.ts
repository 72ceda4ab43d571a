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
  // Issue 18: the canvas follows the voice call as it does the text test: where the call waits is lit.
  await expect(page.locator('.react-flow__node [data-active="true"]')).toHaveCount(1, { timeout: 15_000 });
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

test('leaving the studio while the voice test is starting hangs up and gives the microphone back', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  // Every microphone track and voice socket the page opens is kept to check afterwards; the microphone
  // answers only when the test says so, so the person can leave while the browser is still asking.
  await page.addInitScript(() => {
    const w = window as unknown as {
      __tracks: MediaStreamTrack[];
      __sockets: WebSocket[];
      __grant: () => void;
    };
    w.__tracks = [];
    w.__sockets = [];
    let grant: () => void = () => undefined;
    const granted = new Promise<void>((resolve) => (grant = resolve));
    w.__grant = () => grant();
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      await granted;
      const stream = await original(constraints);
      w.__tracks.push(...stream.getTracks());
      return stream;
    };
    const NativeSocket = window.WebSocket;
    window.WebSocket = class extends NativeSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        w.__sockets.push(this);
      }
    };
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await expect(page).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  const projectId = /\/p\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const agents = (await (await page.request.get(`/api/v1/projects/${projectId}/agents`)).json()) as {
    agents: { id: string; name: string }[];
  };
  const receptionist = agents.agents.find((a) => a.name === 'Demo receptionist')!;
  await page.goto(`/p/${projectId}/agents/${receptionist.id}`);
  await page.getByRole('button', { name: 'Voice test' }).click();
  await page.getByTestId('voice-test').getByRole('button', { name: 'Start talking' }).click();
  await expect(page.getByTestId('voice-status')).toHaveAttribute('data-status', 'connecting');
  // Leave within the app (the studio unmounts, the document stays), then the browser grants the microphone.
  await page
    .getByRole('link', { name: /Agents/ })
    .first()
    .click();
  await expect(page.getByTestId('voice-test')).toHaveCount(0);
  await page.evaluate(() => (window as unknown as { __grant: () => void }).__grant());
  await expect
    .poll(() =>
      page.evaluate(() => {
        const w = window as unknown as { __tracks: MediaStreamTrack[]; __sockets: WebSocket[] };
        return {
          tracks: w.__tracks.length,
          live: w.__tracks.filter((t) => t.readyState === 'live').length,
          open: w.__sockets.filter((s) => s.url.includes('/voice/') && s.readyState !== WebSocket.CLOSED)
            .length,
        };
      }),
    )
    .toEqual({ tracks: 1, live: 0, open: 0 });
  expect(errors).toEqual([]);
  await page.context().close();
});
