// The embedded espeak-ng voice on its worker threads: the same audio as the engine gives in this thread,
// several sentences at once, this thread's event loop free while a long sentence is synthesized, and a
// killed thread replaced without the caller losing the sentence that had not started yet.
import { afterAll, describe, expect, it } from 'vitest';
import { ProviderError } from '#server/providers/provider-error.ts';
import { concatInt16, rms } from '../../audio/pcm';
import { StreamingResampler } from '../../audio/resampler';
import { ESPEAK_SAMPLE_RATE, getEspeakEngine } from './espeak-engine';
import { EspeakPool } from './espeak-pool';
import { createEspeakTts } from './espeak-tts';

const pool = new EspeakPool(2);
const tts = createEspeakTts(pool);
afterAll(() => pool.close());

async function speak(text: string, language = 'en-US', sampleRate: 8000 | 16000 = 8000) {
  const chunks: Int16Array[] = [];
  for await (const chunk of tts.synthesize({
    text,
    language,
    sampleRate,
    signal: new AbortController().signal,
  }))
    chunks.push(chunk);
  return concatInt16(chunks);
}

/** A sentence with no full stop in it, long enough to keep a thread busy for a good while. */
const longSentence = (words: number) =>
  Array.from({ length: words }, (_, i) => `word number ${i + 1}, and then`).join(' ') + ' the end';

// Threads load the TypeScript loader and the WASM engine: slow on a loaded machine.
describe('espeak-ng on worker threads', { timeout: 240_000 }, () => {
  it('gives the same audio as the engine in this thread (length and level)', async () => {
    const text = 'Hello! You have reached the clinic.';
    const engine = await getEspeakEngine(); // loaded here only to compare
    const expected: Int16Array[] = [];
    for (const sentence of ['Hello!', 'You have reached the clinic.']) {
      const resampler = new StreamingResampler(ESPEAK_SAMPLE_RATE, 16_000);
      expected.push(resampler.push(engine.synthesize('en-us', sentence)), resampler.flush());
    }
    const reference = concatInt16(expected);
    const pcm = await speak(text, 'en-US', 16_000);
    // espeak carries a little state from one sentence to the next, and the pool's threads have each heard
    // different sentences before: the same audio up to a few milliseconds.
    expect(Math.abs(pcm.length - reference.length)).toBeLessThan(reference.length * 0.03);
    expect(rms(pcm)).toBeGreaterThan(500);
    expect(Math.abs(rms(pcm) - rms(reference)) / rms(reference)).toBeLessThan(0.05);
  });

  it('serves several sentences at once, each as it would be alone', async () => {
    const texts = ['Sales, please.', 'Support.', 'Проверка связи.', 'One more time.', 'Да.', 'Goodbye.'];
    const alone: number[] = [];
    for (const text of texts) alone.push((await speak(text, /[а-я]/i.test(text) ? 'ru-RU' : 'en-US')).length);
    const together = await Promise.all(texts.map((t) => speak(t, /[а-я]/i.test(t) ? 'ru-RU' : 'en-US')));
    // espeak carries a little state from one sentence to the next, so a few samples may differ.
    together.forEach((pcm, i) => expect(Math.abs(pcm.length - alone[i]!)).toBeLessThan(alone[i]! * 0.01));
    for (const pcm of together) expect(rms(pcm)).toBeGreaterThan(300);
  });

  it("leaves this thread's event loop free while a long sentence is synthesized", async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    let ticksAtFirstChunk: number | undefined;
    try {
      for await (const chunk of pool.synthesize({
        voice: 'en-us',
        text: longSentence(40),
        sampleRate: 8000,
        signal: new AbortController().signal,
      })) {
        expect(chunk.length).toBeGreaterThan(0);
        ticksAtFirstChunk ??= ticks;
      }
    } finally {
      clearInterval(timer);
    }
    // Timers ran while the sentence was still being made, not only once it was done.
    expect(ticks).toBeGreaterThan(ticksAtFirstChunk ?? 0);
  });

  it('replaces a killed thread: its sentence fails as unavailable, the next is spoken', async () => {
    const single = new EspeakPool(1);
    const voice = createEspeakTts(single);
    try {
      await single.voices();
      const [first] = single.workers();
      const running = (async () => {
        for await (const _chunk of single.synthesize({
          voice: 'en-us',
          text: longSentence(300),
          sampleRate: 8000,
          signal: new AbortController().signal,
        }))
          await first!.terminate(); // part-way through its audio
      })();
      await expect(running).rejects.toMatchObject({ code: 'unavailable' });
      await expect(running).rejects.toBeInstanceOf(ProviderError);
      await expect.poll(() => single.workers()[0]?.threadId).not.toBe(first!.threadId);

      // Killed before the sentence made a sound: the replacement says it.
      await single.voices(); // the replacement is up
      const [second] = single.workers();
      void second!.terminate();
      const chunks: Int16Array[] = [];
      for await (const chunk of voice.synthesize({
        text: 'Still here.',
        language: 'en-US',
        sampleRate: 8000,
        signal: new AbortController().signal,
      }))
        chunks.push(chunk);
      expect(rms(concatInt16(chunks))).toBeGreaterThan(300);
      expect(single.workers()[0]?.threadId).not.toBe(second!.threadId);
      expect(single.stats().started).toBeGreaterThanOrEqual(3);
    } finally {
      await single.close();
    }
  });
});
