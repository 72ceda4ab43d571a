// Live STT checks; each runs only where its credentials are set. The audio is espeak-ng speech, so the
// check is loose (some recognised text), not exact wording.
import { describe, expect, it } from 'vitest';
import { concatInt16 } from '../../audio/pcm';
import { createEspeakTts } from '../tts/espeak-tts';
import { createAzureStt } from './azure-stt';
import { createOpenAiStt } from './openai-stt';
import type { SttProvider } from './stt-provider';
import { createYandexStt } from './yandex-stt';

async function recognise(stt: SttProvider): Promise<string> {
  const parts: Int16Array[] = [];
  for await (const c of createEspeakTts().synthesize({
    text: 'Здравствуйте, запишите меня на завтра.',
    language: 'ru-RU',
    sampleRate: 16000,
    signal: AbortSignal.timeout(10_000),
  }))
    parts.push(c);
  const session = stt.start({ language: 'ru-RU', sampleRate: 16000, signal: AbortSignal.timeout(30_000) });
  session.write(concatInt16(parts));
  session.end();
  return (await session.done).map((r) => r.text).join(' ');
}

describe.skipIf(!process.env.AZURE_SPEECH_KEY || !process.env.AZURE_SPEECH_REGION)('Azure STT live', () => {
  it('recognises Russian', async () => {
    expect(
      await recognise(
        createAzureStt({
          apiKey: process.env.AZURE_SPEECH_KEY ?? '',
          region: process.env.AZURE_SPEECH_REGION ?? '',
        }),
      ),
    ).not.toBe('');
  }, 40_000);
});
describe.skipIf(!process.env.OPENAI_API_KEY)('OpenAI STT live', () => {
  it('recognises Russian', async () => {
    expect(await recognise(createOpenAiStt({ apiKey: process.env.OPENAI_API_KEY ?? '' }))).not.toBe('');
  }, 40_000);
});
describe.skipIf(!process.env.YANDEX_API_KEY)('Yandex STT live', () => {
  it('recognises Russian', async () => {
    expect(
      await recognise(
        createYandexStt({
          auth: { type: 'api-key', apiKey: process.env.YANDEX_API_KEY ?? '' },
          ...(process.env.YANDEX_FOLDER_ID ? { folderId: process.env.YANDEX_FOLDER_ID } : {}),
        }),
      ),
    ).not.toBe('');
  }, 40_000);
});
