import { describe, expect, it } from 'vitest';
import { concatInt16, durationMs, rms } from '../../audio/pcm';
import { getEspeakEngine } from './espeak-engine';
import { createEspeakTts } from './espeak-tts';
import type { TtsSampleRate, TtsUsage } from './tts-provider';

const tts = createEspeakTts();

async function speak(
  text: string,
  language: string,
  sampleRate: TtsSampleRate,
  onUsage?: (u: TtsUsage) => void,
) {
  const chunks: Int16Array[] = [];
  for await (const chunk of tts.synthesize({
    text,
    language,
    sampleRate,
    signal: new AbortController().signal,
    ...(onUsage ? { onUsage } : {}),
  })) {
    chunks.push(chunk);
  }
  return { chunks, pcm: concatInt16(chunks) };
}

// The first sentence waits for the voice's thread to start: slow on a loaded machine.
describe('espeak-ng TTS (real WASM engine)', { timeout: 240_000 }, () => {
  it('loads once and knows Russian and English voices', async () => {
    const engine = await getEspeakEngine();
    expect(await getEspeakEngine()).toBe(engine);
    expect(engine.voices.has('ru')).toBe(true);
    expect(engine.voices.has('en-us')).toBe(true);
  });

  it.each([
    ['ru-RU', 8_000, 'Здравствуйте! Вы позвонили в клинику. Чем я могу помочь?'],
    ['ru-RU', 16_000, 'Здравствуйте! Вы позвонили в клинику. Чем я могу помочь?'],
    ['en-US', 8_000, 'Hello! You have reached the clinic. How can I help you today?'],
    ['en-US', 16_000, 'Hello! You have reached the clinic. How can I help you today?'],
  ] as const)('%s at %i Hz gives non-silent speech of plausible length', async (language, rate, text) => {
    const usage: TtsUsage[] = [];
    const { chunks, pcm } = await speak(text, language, rate, (u) => usage.push(u));
    const ms = durationMs(pcm.length, rate);
    // ~10-14 characters per second of speech at espeak's default 175 wpm.
    expect(ms).toBeGreaterThan(text.length * 40);
    expect(ms).toBeLessThan(text.length * 150);
    expect(rms(pcm)).toBeGreaterThan(500);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(rate * 0.2);
    expect(usage).toEqual([{ provider: 'espeak', characters: [...text].length, cached: false }]);
  });

  it('16 kHz output is twice as long in samples as 8 kHz for the same text', async () => {
    const a = await speak('Проверка связи.', 'ru-RU', 8_000);
    const b = await speak('Проверка связи.', 'ru-RU', 16_000);
    expect(b.pcm.length / a.pcm.length).toBeCloseTo(2, 1);
  });

  it('stops between sentences when aborted', async () => {
    const controller = new AbortController();
    const stream = tts.synthesize({
      text: 'One. Two. Three. Four.',
      language: 'en-US',
      sampleRate: 8_000,
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await expect(
      (async () => {
        for (;;) if ((await iterator.next()).done) break;
      })(),
    ).rejects.toThrow();
  });

  it('refuses a language it has no voice for', async () => {
    await expect(speak('Hallo', 'xx-YY', 8_000)).rejects.toMatchObject({ code: 'bad_response' });
  });
});
