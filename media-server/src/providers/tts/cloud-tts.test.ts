import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatInt16, int16ToLeBytes } from '../../audio/pcm';
import {
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
} from '#server/providers/test-support/local-http-server';
import { createAzureTts } from './azure-tts';
import { createOpenAiTts } from './openai-tts';
import { buildSsml, escapeXml } from './ssml';
import type { TtsProvider, TtsSampleRate, TtsUsage } from './tts-provider';
import { createYandexTts } from './yandex-tts';

let server: LocalHttpServer;
beforeAll(async () => {
  server = await startLocalHttpServer();
});
afterAll(() => server.close());

function tone(rate: number, seconds: number): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i += 1)
    out[i] = Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return out;
}

/** Sends PCM in uneven pieces (odd byte counts included) like a real chunked response. */
async function sendPcm(res: ServerResponse, pcm: Int16Array): Promise<void> {
  const bytes = int16ToLeBytes(pcm);
  res.writeHead(200, { 'content-type': 'audio/pcm' });
  for (let i = 0; i < bytes.length; i += 1_001) {
    res.write(bytes.subarray(i, i + 1_001));
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

async function collect(
  provider: TtsProvider,
  sampleRate: TtsSampleRate,
  language = 'ru-RU',
  text = 'Привет <мир> & "друзья"',
) {
  const usage: TtsUsage[] = [];
  const chunks: Int16Array[] = [];
  for await (const c of provider.synthesize({
    text,
    language,
    sampleRate,
    signal: new AbortController().signal,
    onUsage: (u) => usage.push(u),
  })) {
    chunks.push(c);
  }
  return { pcm: concatInt16(chunks), usage };
}

describe('SSML', () => {
  it('escapes text so it cannot inject markup', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(buildSsml('</voice><voice name="x">hi', 'ru-RU', 'ru-RU-SvetlanaNeural')).toBe(
      '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="ru-RU"><voice xml:lang="ru-RU" name="ru-RU-SvetlanaNeural">&lt;/voice&gt;&lt;voice name=&quot;x&quot;&gt;hi</voice></speak>',
    );
  });
});

describe('Azure TTS REST against a local server', () => {
  it.each([
    [8000, 'raw-8khz-16bit-mono-pcm'],
    [16000, 'raw-16khz-16bit-mono-pcm'],
  ] as const)('asks for %s Hz raw PCM with SSML and the subscription key', async (rate, format) => {
    const sent = tone(rate, 0.5);
    server.setHandler((_req, res) => sendPcm(res, sent));
    const tts = createAzureTts({ endpoint: server.url, apiKey: 'az-key' });
    const { pcm, usage } = await collect(tts, rate);
    expect(Array.from(pcm)).toEqual(Array.from(sent));
    const req = server.requests.at(-1)!;
    expect(req.url).toBe('/cognitiveservices/v1');
    expect(req.headers['ocp-apim-subscription-key']).toBe('az-key');
    expect(req.headers['x-microsoft-outputformat']).toBe(format);
    expect(req.headers['content-type']).toBe('application/ssml+xml');
    expect(req.body.toString()).toContain(
      'name="ru-RU-SvetlanaNeural">Привет &lt;мир&gt; &amp; &quot;друзья&quot;</voice>',
    );
    expect(usage).toEqual([{ provider: 'azure', characters: 23, cached: false }]);
  });

  it('uses the en-US default voice and maps 401', async () => {
    server.setHandler((_req, res) => res.writeHead(401).end());
    const tts = createAzureTts({ endpoint: server.url, apiKey: 'bad' });
    await expect(collect(tts, 8000, 'en-US', 'Hello')).rejects.toMatchObject({
      code: 'auth',
      provider: 'azure-tts',
    });
    expect(server.requests.at(-1)!.body.toString()).toContain('en-US-JennyNeural');
  });
});

describe('OpenAI TTS against a local server', () => {
  it('requests pcm and resamples 24 kHz to 8 kHz', async () => {
    server.setHandler((_req, res) => sendPcm(res, tone(24_000, 1)));
    const tts = createOpenAiTts({ baseUrl: `${server.url}/v1`, apiKey: 'sk-x', voice: 'nova' });
    const { pcm, usage } = await collect(tts, 8000, 'en-US', 'Hello there');
    expect(pcm.length).toBeGreaterThanOrEqual(7_990);
    expect(pcm.length).toBeLessThanOrEqual(8_010);
    const req = server.requests.at(-1)!;
    expect(req.url).toBe('/v1/audio/speech');
    expect(JSON.parse(req.body.toString())).toEqual({
      model: 'gpt-4o-mini-tts',
      voice: 'nova',
      input: 'Hello there',
      response_format: 'pcm',
    });
    expect(usage[0]?.characters).toBe(11);
  });

  it('maps 429 to rate_limited', async () => {
    server.setHandler((_req, res) => sendJson(res, 429, { error: { message: 'slow down' } }));
    const tts = createOpenAiTts({ baseUrl: `${server.url}/v1`, apiKey: 'sk-x' });
    await expect(collect(tts, 16000)).rejects.toMatchObject({ code: 'rate_limited', retryable: true });
  });
});

describe('Yandex SpeechKit v1 TTS against a local server', () => {
  it('posts the documented form with Api-Key auth and reads raw lpcm', async () => {
    const sent = tone(16_000, 0.25);
    server.setHandler((_req, res) => sendPcm(res, sent));
    const tts = createYandexTts({
      endpoint: server.url,
      auth: { type: 'api-key', apiKey: 'ya-key' },
      folderId: 'b1gf',
    });
    const { pcm } = await collect(tts, 16000);
    expect(Array.from(pcm)).toEqual(Array.from(sent));
    const req = server.requests.at(-1)!;
    expect(req.url).toBe('/speech/v1/tts:synthesize');
    expect(req.headers.authorization).toBe('Api-Key ya-key');
    const form = new URLSearchParams(req.body.toString());
    expect(Object.fromEntries(form)).toEqual({
      text: 'Привет <мир> & "друзья"',
      lang: 'ru-RU',
      voice: 'alena',
      format: 'lpcm',
      sampleRateHertz: '16000',
      folderId: 'b1gf',
    });
  });

  it('asks for 48 kHz and resamples when 24 kHz is wanted; IAM tokens use Bearer', async () => {
    server.setHandler((_req, res) => sendPcm(res, tone(48_000, 0.5)));
    const tts = createYandexTts({ endpoint: server.url, auth: { type: 'iam-token', iamToken: 't1' } });
    const { pcm } = await collect(tts, 24000);
    expect(Math.abs(pcm.length - 12_000)).toBeLessThan(5);
    const req = server.requests.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer t1');
    expect(new URLSearchParams(req.body.toString()).get('sampleRateHertz')).toBe('48000');
  });

  it('times out a stalled server', async () => {
    server.setHandler(() => undefined); // never answers
    const tts = createYandexTts({
      endpoint: server.url,
      auth: { type: 'api-key', apiKey: 'k' },
      timeoutMs: 200,
    });
    await expect(collect(tts, 8000)).rejects.toMatchObject({ code: 'timeout' });
  });
});
