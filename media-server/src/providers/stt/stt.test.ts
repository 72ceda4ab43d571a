import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
} from '#server/providers/test-support/local-http-server';
import { createOpenAiStt } from './openai-stt';
import type { SttResult, SttSession } from './stt-provider';
import { createVoskStt } from './vosk-stt';
import { createYandexStt } from './yandex-stt';

let http: LocalHttpServer;
let wss: WebSocketServer;
let wsUrl: string;
let onVoskConnection: (socket: WebSocket) => void = () => undefined;

beforeAll(async () => {
  http = await startLocalHttpServer();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  wss.on('connection', (socket) => onVoskConnection(socket));
});
afterAll(async () => {
  await http.close();
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

const speech = (samples: number) =>
  Int16Array.from({ length: samples }, (_, i) => Math.round(3000 * Math.sin(i / 5)));

function collect(session: SttSession) {
  const partials: SttResult[] = [];
  const finals: SttResult[] = [];
  session.on('partial', (r) => partials.push(r));
  session.on('final', (r) => finals.push(r));
  return { partials, finals };
}

/** Plays vosk-server: config first, then binary audio, partials as audio arrives, a final after eof. */
function voskLikeServer(received: { config?: unknown; bytes: number }) {
  return (socket: WebSocket) => {
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        received.bytes += (data as Buffer).length;
        socket.send(
          JSON.stringify({ partial: received.bytes < 4_000 ? 'здравствуйте' : 'здравствуйте запишите' }),
        );
        return;
      }
      const message = JSON.parse(data.toString()) as { config?: unknown; eof?: number };
      if (message.config) received.config = message.config;
      if (message.eof) {
        socket.send(
          JSON.stringify({
            result: [
              { conf: 1.0, start: 0.3, end: 0.9, word: 'здравствуйте' },
              { conf: 0.8, start: 1.0, end: 1.5, word: 'запишите' },
            ],
            text: 'здравствуйте запишите',
          }),
        );
      }
    });
  };
}

describe('Vosk server over WebSocket (local server speaking its protocol)', () => {
  it('streams partials and a final with confidence and timing', async () => {
    const received: { config?: unknown; bytes: number } = { bytes: 0 };
    onVoskConnection = voskLikeServer(received);
    const session = createVoskStt({ url: wsUrl }).start({
      language: 'ru-RU',
      sampleRate: 8000,
      hints: ['запишите'],
      signal: new AbortController().signal,
    });
    const { partials, finals } = collect(session);
    for (let i = 0; i < 5; i += 1) session.write(speech(800)); // written before the socket opens: queued
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.write(speech(800));
    session.end();
    const results = await session.done;
    expect(received.config).toEqual({ sample_rate: 8000, words: 1, phrase_list: ['запишите', '[unk]'] });
    expect(received.bytes).toBe(6 * 800 * 2);
    expect(partials.map((p) => p.text)).toContain('здравствуйте');
    expect(results).toEqual(finals);
    expect(finals).toEqual([
      { text: 'здравствуйте запишите', language: 'ru-RU', confidence: 0.9, startMs: 300, endMs: 1500 },
    ]);
  });

  it('fails when the server is unreachable', async () => {
    const session = createVoskStt({ url: 'ws://127.0.0.1:1' }).start({
      language: 'en-US',
      sampleRate: 16000,
      signal: new AbortController().signal,
    });
    await expect(session.done).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('times out when no final comes after eof', async () => {
    onVoskConnection = () => undefined; // silent server
    const session = createVoskStt({ url: wsUrl, finalTimeoutMs: 200 }).start({
      language: 'en-US',
      sampleRate: 16000,
      signal: new AbortController().signal,
    });
    session.write(speech(1600));
    session.end();
    await expect(session.done).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('OpenAI transcription (local server)', () => {
  it('uploads a WAV built from the PCM and maps verbose_json', async () => {
    http.setHandler((_req, res) =>
      sendJson(res, 200, {
        task: 'transcribe',
        language: 'russian',
        duration: 1.2,
        text: ' Запишите меня на завтра. ',
        segments: [{ id: 0, start: 0, end: 1.2, avg_logprob: -0.1, text: 'x' }],
      }),
    );
    const session = createOpenAiStt({ baseUrl: `${http.url}/v1`, apiKey: 'sk-t' }).start({
      language: 'ru-RU',
      sampleRate: 16000,
      hints: ['Иванов'],
      signal: new AbortController().signal,
    });
    session.write(speech(16_000));
    session.end();
    const [result] = await session.done;
    expect(result).toMatchObject({
      text: 'Запишите меня на завтра.',
      language: 'ru-RU',
      startMs: 0,
      endMs: 1200,
    });
    expect(result?.confidence).toBeCloseTo(Math.exp(-0.1), 5);
    const req = http.requests.at(-1)!;
    expect(req.url).toBe('/v1/audio/transcriptions');
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = req.body.toString('latin1');
    const wavAt = body.indexOf('RIFF');
    expect(wavAt).toBeGreaterThan(0);
    expect(body.slice(wavAt + 8, wavAt + 12)).toBe('WAVE');
    expect(req.body.readUInt32LE(wavAt + 24)).toBe(16_000); // sample rate in the fmt chunk
    expect(req.body.readUInt32LE(wavAt + 40)).toBe(32_000); // data bytes
    for (const field of ['whisper-1', 'verbose_json', 'name="language"']) expect(body).toContain(field);
    expect(req.body.toString('utf8')).toContain('Иванов');
  });

  it('maps 401', async () => {
    http.setHandler((_req, res) => sendJson(res, 401, { error: { message: 'bad key' } }));
    const session = createOpenAiStt({ baseUrl: `${http.url}/v1`, apiKey: 'sk-t' }).start({
      language: 'en-US',
      sampleRate: 8000,
      signal: new AbortController().signal,
    });
    session.write(speech(800));
    session.end();
    await expect(session.done).rejects.toMatchObject({ code: 'auth', provider: 'openai-stt' });
  });
});

describe('Yandex SpeechKit v1 recognize (local server)', () => {
  it('posts raw LPCM with the documented query and reads result', async () => {
    http.setHandler((_req, res) => sendJson(res, 200, { result: 'да, подтверждаю' }));
    const session = createYandexStt({
      endpoint: http.url,
      auth: { type: 'api-key', apiKey: 'yk' },
      folderId: 'b1g',
    }).start({
      language: 'ru-RU',
      sampleRate: 8000,
      signal: new AbortController().signal,
    });
    const { finals } = collect(session);
    session.write(speech(4_000));
    session.write(speech(4_000));
    session.end();
    await session.done;
    expect(finals).toEqual([{ text: 'да, подтверждаю', language: 'ru-RU', startMs: 0, endMs: 1000 }]);
    const req = http.requests.at(-1)!;
    const url = new URL(req.url, 'http://x');
    expect(url.pathname).toBe('/speech/v1/stt:recognize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      topic: 'general',
      lang: 'ru-RU',
      format: 'lpcm',
      sampleRateHertz: '8000',
      folderId: 'b1g',
    });
    expect(req.headers.authorization).toBe('Api-Key yk');
    expect(req.body.length).toBe(16_000);
    expect(req.body.readInt16LE(2)).toBe(speech(2)[1]);
  });

  it('maps 429 and malformed bodies; refuses more than 30 s', async () => {
    http.setHandler((_req, res) => sendJson(res, 429, { error_code: 'RESOURCE_EXHAUSTED' }));
    const stt = createYandexStt({ endpoint: http.url, auth: { type: 'iam-token', iamToken: 't' } });
    let session = stt.start({ language: 'ru-RU', sampleRate: 8000, signal: new AbortController().signal });
    session.end();
    await expect(session.done).rejects.toMatchObject({ code: 'rate_limited' });
    http.setHandler((_req, res) => sendJson(res, 200, { nope: true }));
    session = stt.start({ language: 'ru-RU', sampleRate: 8000, signal: new AbortController().signal });
    session.end();
    await expect(session.done).rejects.toMatchObject({ code: 'bad_response' });
    session = stt.start({ language: 'ru-RU', sampleRate: 8000, signal: new AbortController().signal });
    session.write(new Int16Array(8000 * 31));
    await expect(session.done).rejects.toThrow(/longer than 30 s/);
  });
});
