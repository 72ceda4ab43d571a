// Live checks against the real cloud TTS APIs; each runs only where its credentials are set.
import { describe, expect, it } from 'vitest';
import { concatInt16, rms } from '../../audio/pcm';
import { createAzureTts } from './azure-tts';
import { createOpenAiTts } from './openai-tts';
import type { TtsProvider } from './tts-provider';
import { createYandexTts } from './yandex-tts';

async function speak(tts: TtsProvider): Promise<Int16Array> {
  const parts: Int16Array[] = [];
  for await (const c of tts.synthesize({
    text: 'Здравствуйте!',
    language: 'ru-RU',
    sampleRate: 8000,
    signal: AbortSignal.timeout(20_000),
  }))
    parts.push(c);
  return concatInt16(parts);
}

describe.skipIf(!process.env.AZURE_SPEECH_KEY || !process.env.AZURE_SPEECH_REGION)('Azure TTS live', () => {
  it('speaks Russian', async () => {
    const pcm = await speak(
      createAzureTts({
        endpoint: `https://${process.env.AZURE_SPEECH_REGION}.tts.speech.microsoft.com`,
        apiKey: process.env.AZURE_SPEECH_KEY ?? '',
      }),
    );
    expect(rms(pcm)).toBeGreaterThan(100);
  });
});

describe.skipIf(!process.env.OPENAI_API_KEY)('OpenAI TTS live', () => {
  it('speaks Russian', async () => {
    expect(rms(await speak(createOpenAiTts({ apiKey: process.env.OPENAI_API_KEY ?? '' })))).toBeGreaterThan(
      100,
    );
  });
});

describe.skipIf(!process.env.YANDEX_API_KEY)('Yandex TTS live', () => {
  it('speaks Russian', async () => {
    const tts = createYandexTts({
      auth: { type: 'api-key', apiKey: process.env.YANDEX_API_KEY ?? '' },
      ...(process.env.YANDEX_FOLDER_ID ? { folderId: process.env.YANDEX_FOLDER_ID } : {}),
    });
    expect(rms(await speak(tts))).toBeGreaterThan(100);
  });
});
