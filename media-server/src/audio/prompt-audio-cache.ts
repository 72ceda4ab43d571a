/**
 * Finished audio of static prompts (greetings, menu questions, fillers), keyed by everything that changes
 * the sound: provider, voice, language, speaking rate, sample rate and the text. An LRU bounded by total
 * samples; generated replies are never put here (they rarely repeat and would push the prompts out).
 */
export interface PromptKey {
  provider: string;
  text: string;
  language: string;
  voice?: string;
  /** Speaking rate, 1 = the provider's normal speed. */
  rate?: number;
  sampleRate: number;
}

export interface PromptCacheStats {
  entries: number;
  samples: number;
  hits: number;
  misses: number;
}

const keyOf = (k: PromptKey): string =>
  [k.provider, k.voice ?? '', k.language, k.rate ?? 1, k.sampleRate, k.text].join('\u0000');

export class PromptAudioCache {
  private readonly entries = new Map<string, Int16Array>();
  private samples = 0;
  private hits = 0;
  private misses = 0;

  /** `maxSamples` defaults to ten minutes of 16 kHz audio (about 19 MB). */
  constructor(private readonly maxSamples = 16_000 * 600) {}

  get(key: PromptKey): Int16Array | undefined {
    const id = keyOf(key);
    const pcm = this.entries.get(id);
    if (!pcm) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // A Map iterates in insertion order: re-inserting marks the entry as the most recently used.
    this.entries.delete(id);
    this.entries.set(id, pcm);
    return pcm;
  }

  set(key: PromptKey, pcm: Int16Array): void {
    if (pcm.length === 0 || pcm.length > this.maxSamples) return;
    const id = keyOf(key);
    const old = this.entries.get(id);
    if (old) {
      this.entries.delete(id);
      this.samples -= old.length;
    }
    this.entries.set(id, pcm);
    this.samples += pcm.length;
    for (const [oldId, oldPcm] of this.entries) {
      if (this.samples <= this.maxSamples) break;
      this.entries.delete(oldId);
      this.samples -= oldPcm.length;
    }
  }

  stats(): PromptCacheStats {
    return { entries: this.entries.size, samples: this.samples, hits: this.hits, misses: this.misses };
  }
}
