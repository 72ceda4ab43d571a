import { framesOf } from '../../audio/pcm';
import { ProviderError } from '#server/providers/provider-error';
import { getEspeakPool, type EspeakPool } from './espeak-pool';
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
 * The embedded default TTS: no network, no key, Russian and English. Synthesizes sentence by sentence on
 * the pool's worker threads (espeak-pool.ts), streaming each sentence's audio as espeak produces it, so
 * the media server's thread only passes buffers on and every call's audio keeps its clock.
 */
export function createEspeakTts(pool: EspeakPool = getEspeakPool()): TtsProvider {
  return {
    id: 'espeak',
    async *synthesize(request: TtsRequest) {
      const voices = await pool.voices();
      const voice =
        request.voice && voices.has(request.voice.toLowerCase())
          ? request.voice.toLowerCase()
          : espeakVoiceFor(request.language, voices);
      const maxSamples = Math.round((request.sampleRate * MAX_CHUNK_MS) / 1000);
      for (const sentence of splitSentences(request.text)) {
        request.signal.throwIfAborted();
        const job = { voice, text: sentence, sampleRate: request.sampleRate, signal: request.signal };
        let heard = false;
        try {
          for await (const chunk of pool.synthesize(job)) {
            heard = true;
            yield* framesOf(chunk, maxSamples);
          }
        } catch (error) {
          // A thread that died before this sentence made a sound has been replaced: the new one says it,
          // once. Part-way through, starting over would repeat words: the call's voice chain takes over.
          if (heard || !(error instanceof ProviderError) || error.code !== 'unavailable') throw error;
          for await (const chunk of pool.synthesize(job)) yield* framesOf(chunk, maxSamples);
        }
      }
      request.onUsage?.({ provider: 'espeak', characters: billableCharacters(request.text), cached: false });
    },
  };
}
