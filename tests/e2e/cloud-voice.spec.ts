import { resolve } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { DEMO_PASSWORD, signedInPage } from './support/ui';

// Issue 16: a browser call whose agent hears and speaks through a Yandex Cloud account, served by a local
// server speaking SpeechKit's v1 REST protocol (as agent-providers.baresip.test.ts). Chromium's fake
// microphone is the caller; the page weighs the audio the agent sends back. The providers of each turn
// show in the voice test, a voice that dies mid-call is replaced (marked as a stand-in), and the call
// card in the Inbox names them too — in English and Russian.
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

const HEARD = 'Часы работы клиники';
let speechKit: Server;
let speechKitUrl: string;
/** The voice dies when asked for the answer about opening hours (mid-call, after the greeting). */
const DIES_ON = 'Клиника работает';
const requests: { url: string; bytes: number; voice: string | null }[] = [];

/** A loud 440 Hz tone, 15 ms per character: unmistakable, unlike the embedded voice. */
function tone(form: URLSearchParams, res: ServerResponse) {
  const rate = Number(form.get('sampleRateHertz') ?? 8000);
  const n = Math.round((rate * 15 * (form.get('text') ?? '').length) / 1000);
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(12_000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  res.writeHead(200, { 'content-type': 'audio/L16' }).end(Buffer.from(pcm.buffer));
}

function serve(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = req.url ?? '';
    if (url.startsWith('/speech/v1/stt:recognize')) {
      requests.push({ url, bytes: body.length, voice: null });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: HEARD }));
    } else if (url === '/speech/v1/tts:synthesize') {
      const form = new URLSearchParams(body.toString());
      requests.push({ url, bytes: body.length, voice: form.get('voice') });
      if ((form.get('text') ?? '').includes(DIES_ON)) res.writeHead(503).end('{"error":"down"}');
      else tone(form, res);
    } else res.writeHead(404).end();
  });
}

test.beforeAll(async () => {
  speechKit = createServer(serve);
  await new Promise<void>((ok) => speechKit.listen(0, '127.0.0.1', ok));
  speechKitUrl = `http://127.0.0.1:${(speechKit.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((ok) => speechKit.close(() => ok())));

async function ownerBearer(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post('/api/v1/auth/login', {
    data: { email: 'owner@demo.local', password: DEMO_PASSWORD },
  });
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

test('a browser call hears and speaks through a Yandex account; providers on the voice test and the call card', async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const auth = await builderBearer(request);
  const { projectId, agent: receptionist } = await demoReceptionist(request, auth);
  const base = `/api/v1/projects/${projectId}`;
  // The account (owners manage accounts) and an agent of its own, a copy of the receptionist's flow.
  const accountName = `SpeechKit ${Date.now()}`;
  const created = await request.post(`${base}/providers`, {
    headers: await ownerBearer(request),
    data: {
      name: accountName,
      provider: 'yandex',
      apiKey: 'AQVN-e2e-key',
      settings: { folderId: 'b1g-e2e', baseUrl: speechKitUrl },
    },
  });
  expect(created.status()).toBe(201);
  const agentRes = await request.post(`${base}/agents`, {
    headers: auth,
    data: { name: `Cloud voice ${Date.now()}`, language: 'ru' },
  });
  expect(agentRes.status()).toBe(201);
  const agent = (await agentRes.json()) as { id: string };
  const source = (await (
    await request.get(`${base}/agents/${receptionist.id}/draft`, { headers: auth })
  ).json()) as { graph: unknown };
  const target = (await (
    await request.get(`${base}/agents/${agent.id}/draft`, { headers: auth })
  ).json()) as {
    revision: number;
  };
  const saved = await request.put(`${base}/agents/${agent.id}/draft`, {
    headers: auth,
    data: { graph: source.graph, revision: target.revision },
  });
  expect(saved.ok()).toBe(true);

  // The Voice tab: recogniser and voice are the account.
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  // Every audio frame the agent sends is weighed: frames of 20 ms louder than RMS 1500 are counted.
  await page.addInitScript(() => {
    const loud = { frames: 0, total: 0 };
    (window as unknown as { agentAudio: typeof loud }).agentAudio = loud;
    const Native = window.WebSocket;
    class Weighing extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (event: MessageEvent) => {
          if (!(event.data instanceof ArrayBuffer)) return;
          const pcm = new Int16Array(event.data);
          let sum = 0;
          for (const s of pcm) sum += s * s;
          loud.total += 1;
          if (Math.sqrt(sum / Math.max(1, pcm.length)) > 1500) loud.frames += 1;
        });
      }
    }
    window.WebSocket = Weighing;
  });
  await page.goto(`/p/${projectId}/agents/${agent.id}`);
  await page.getByRole('tab', { name: 'Voice and speech' }).click();
  const panel = page.getByTestId('voice-panel');
  await panel.getByTestId('speech-recognizer-provider').selectOption({ label: accountName });
  await panel.getByTestId('speech-voice-provider').selectOption({ label: accountName });
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 15_000 });

  await page.getByRole('button', { name: 'Voice test' }).click();
  const voice = page.getByTestId('voice-test');
  await voice.getByRole('button', { name: 'Start talking' }).click();
  await expect(page.getByTestId('voice-status')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  const lines = page.getByTestId('voice-lines');
  const agentLines = lines.locator('[data-who="agent"]');
  // The greeting's turn: spoken by the account's voice, its providers under the reply.
  await expect(lines.getByTestId('turn-providers').first()).toContainText(`yandex:${accountName}`, {
    timeout: 30_000,
  });
  await expect(lines.locator('[data-stage="tts"]').first()).toContainText(`yandex:${accountName}`);
  await expect(lines.locator('[data-stage="stt"]').first()).toContainText(`yandex:${accountName}`);
  // The synthesized tone reached the page: many loud frames.
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { agentAudio: { frames: number } }).agentAudio.frames),
    )
    .toBeGreaterThan(25);
  // The voice fails on the answer to the caller: the embedded voice speaks it instead.
  // The caller's words, as the account's recogniser heard them from the microphone.
  await expect(lines.locator('[data-who="caller"]').first()).toContainText(HEARD, { timeout: 40_000 });
  const stt = requests.filter((r) => r.url.startsWith('/speech/v1/stt:recognize'));
  expect(stt[0]?.url).toContain('lang=ru-RU');
  expect(stt[0]?.bytes).toBeGreaterThan(4000); // the caller's audio
  await expect(lines.getByTestId('voice-provider-failed').first()).toContainText(
    `Voice: yandex:${accountName} failed`,
    { timeout: 20_000 },
  );
  await expect(agentLines.locator('[data-stage="tts"][data-fallback]').first()).toContainText('stand-in', {
    timeout: 20_000,
  });
  // The demo flow says goodbye after the opening hours and hangs up.
  await expect(page.getByTestId('voice-status')).toHaveAttribute('data-status', 'ended', { timeout: 30_000 });

  // The call card names the providers per turn and shows the failure, in both languages.
  let callId = '';
  await expect
    .poll(
      async () => {
        const res = await request.get(`${base}/calls?agentId=${agent.id}`, { headers: auth });
        const body = (await res.json()) as { calls: { id: string; status: string }[] };
        const call = body.calls[0];
        callId = call?.id ?? '';
        if (!call || call.status === 'live') return false;
        const detail = (await (await request.get(`${base}/calls/${call.id}`, { headers: auth })).json()) as {
          events: { type: string }[];
        };
        return detail.events.some((e) => e.type === 'provider_failed');
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.goto(`/p/${projectId}/inbox/${callId}`);
  const transcript = page.getByTestId('transcript');
  await expect(transcript.getByTestId('turn-providers').first()).toContainText(`yandex:${accountName}`);
  await expect(transcript.locator('[data-stage="tts"][data-fallback]').first()).toContainText('stand-in');
  await expect(page.getByText(`Voice: yandex:${accountName} failed`).first()).toBeVisible();
  await page.context().close();

  const ru = await signedInPage(browser, 'ru', 'builder@demo.local');
  await ru.goto(`/p/${projectId}/inbox/${callId}`);
  const ruTranscript = ru.getByTestId('transcript');
  await expect(ruTranscript.getByTestId('turn-providers').first()).toContainText('Распознавание');
  await expect(ruTranscript.locator('[data-stage="tts"][data-fallback]').first()).toContainText('замена');
  await expect(ru.getByText(`Голос: yandex:${accountName} отказал`).first()).toBeVisible();
  await ru.context().close();
});
