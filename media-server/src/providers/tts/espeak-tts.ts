import { framesOf } from '../../audio/pcm';
import { StreamingResampler } from '../../audio/resampler';
import { ProviderError } from '#server/providers/provider-error';
import { ESPEAK_SAMPLE_RATE, getEspeakEngine } from './espeak-engine';
import { splitSentences } from './sentences';
import { billableCharacters, type TtsProvider, type TtsRequest } from './tts-provider';

/** Chunks handed on are at most 200 ms, so the caller can pace and barge-in can stop playback promptly. */
const MAX_CHUNK_MS = 200;

/** espeak-ng voice for a BCP-47 tag: 'ru-RU' -> 'ru', 'en-US' -> 'en-us', 'en' -> 'en-us'. */
export function espeakVoiceFor(language: string, available: ReadonlySet<string>): string {
  const tag = language.toLowerCase().replace('_', '-');
  if (tag === 'en') return 'en-us';
  if (available.has(tag)) return tag;
  const primary = tag.split('-')[0] ?? tag;
  if (available.has(primary)) return primary;
  throw new ProviderError('espeak', 'bad_response', `no espeak-ng voice for ${language}`, {
    retryable: false,
  });
}

/**
 * The embedded default TTS: no network, no key, Russian and English. Synthesizes sentence by sentence and
 * yields between sentences, so the first audio is ready after one sentence and a long text never blocks the
 * event loop for its whole length.
 */
export function createEspeakTts(): TtsProvider {
  return {
    id: 'espeak',
    async *synthesize(request: TtsRequest) {
      const engine = await getEspeakEngine();
      const voice =
        request.voice && engine.voices.has(request.voice.toLowerCase())
          ? request.voice.toLowerCase()
          : espeakVoiceFor(request.language, engine.voices);
      const maxSamples = Math.round((request.sampleRate * MAX_CHUNK_MS) / 1000);
      for (const sentence of splitSentences(request.text)) {
        request.signal.throwIfAborted();
        const resampler = new StreamingResampler(ESPEAK_SAMPLE_RATE, request.sampleRate);
        const pcm = engine.synthesize(voice, sentence);
        const converted = resampler.push(pcm);
        const tail = resampler.flush();
        for (const frame of framesOf(converted, maxSamples)) yield frame;
        if (tail.length > 0) yield tail;
        // Let other calls' audio and timers run between sentences.
        await new Promise((resolve) => setImmediate(resolve));
      }
      request.onUsage?.({ provider: 'espeak', characters: billableCharacters(request.text), cached: false });
    },
  };
}
