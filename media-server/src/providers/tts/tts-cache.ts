import { createHash } from 'node:crypto';
import { concatInt16 } from '../../audio/pcm';
import type { TtsProvider, TtsRequest } from './tts-provider';

export interface TtsCacheOptions {
  /** Upper bound on cached audio, in samples (2 bytes each). */
  maxSamples?: number;
  /** Only texts up to this length are cached: static prompts, not whole LLM replies. */
  maxTextLength?: number;
}

/** Key = hash of everything that changes the audio. */
export function ttsCacheKey(
  providerId: string,
  request: Pick<TtsRequest, 'text' | 'voice' | 'language' | 'sampleRate'>,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([providerId, request.text, request.voice ?? '', request.language, request.sampleRate]),
    )
    .digest('hex');
}

/**
 * Wraps a provider with an in-memory LRU of finished syntheses, so greetings and fixed prompts cost
 * nothing after the first call. A Map iterates in insertion order, so re-inserting on hit makes it an LRU.
 */
export function withTtsCache(
  provider: TtsProvider,
  options: TtsCacheOptions = {},
): TtsProvider & { readonly size: number } {
  const maxSamples = options.maxSamples ?? 16_000 * 60 * 10; // ten minutes of 16 kHz audio, ~19 MB
  const maxTextLength = options.maxTextLength ?? 500;
  const entries = new Map<string, Int16Array>();
  let totalSamples = 0;

  const remember = (key: string, pcm: Int16Array) => {
    if (pcm.length > maxSamples) return;
    entries.set(key, pcm);
    totalSamples += pcm.length;
    for (const [oldKey, oldPcm] of entries) {
      if (totalSamples <= maxSamples) break;
      entries.delete(oldKey);
      totalSamples -= oldPcm.length;
    }
  };

  return {
    id: provider.id,
    get size() {
      return entries.size;
    },
    async *synthesize(request: TtsRequest) {
      if (request.text.length > maxTextLength) {
        yield* provider.synthesize(request);
        return;
      }
      const key = ttsCacheKey(provider.id, request);
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        const chunk = Math.round(request.sampleRate * 0.2);
        for (let i = 0; i < hit.length; i += chunk) yield hit.slice(i, i + chunk);
        request.onUsage?.({ provider: provider.id, characters: 0, cached: true });
        return;
      }
      const parts: Int16Array[] = [];
      for await (const chunk of provider.synthesize(request)) {
        parts.push(chunk);
        yield chunk;
      }
      // Only complete syntheses are kept: an aborted one throws before reaching here.
      remember(key, concatInt16(parts));
    },
  };
}
