import { describe, expect, it } from 'vitest';
import { PromptAudioCache, type PromptKey } from './prompt-audio-cache.ts';

const key = (text: string, extra: Partial<PromptKey> = {}): PromptKey => ({
  provider: 'espeak',
  text,
  language: 'en-US',
  sampleRate: 16_000,
  ...extra,
});

describe('PromptAudioCache', () => {
  it('returns what was stored for the same text, voice, rate and sample rate only', () => {
    const cache = new PromptAudioCache(1000);
    const pcm = new Int16Array(100).fill(7);
    cache.set(key('Hello.'), pcm);
    expect(cache.get(key('Hello.'))).toBe(pcm);
    expect(cache.get(key('Hello.', { voice: 'en-gb' }))).toBeUndefined();
    expect(cache.get(key('Hello.', { rate: 1.2 }))).toBeUndefined();
    expect(cache.get(key('Hello.', { sampleRate: 8000 }))).toBeUndefined();
    expect(cache.get(key('Hello.', { provider: 'azure' }))).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 1, samples: 100, hits: 1, misses: 4 });
  });

  it('evicts the least recently used entries beyond its sample budget', () => {
    const cache = new PromptAudioCache(300);
    cache.set(key('a'), new Int16Array(100));
    cache.set(key('b'), new Int16Array(100));
    cache.set(key('c'), new Int16Array(100));
    cache.get(key('a')); // a is now the most recent; b is the oldest
    cache.set(key('d'), new Int16Array(100));
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toBeDefined();
    expect(cache.get(key('c'))).toBeDefined();
    expect(cache.get(key('d'))).toBeDefined();
    expect(cache.stats().samples).toBe(300);
  });

  it('ignores audio larger than the whole budget and replaces an entry without double counting', () => {
    const cache = new PromptAudioCache(300);
    cache.set(key('huge'), new Int16Array(301));
    expect(cache.stats().entries).toBe(0);
    cache.set(key('x'), new Int16Array(100));
    cache.set(key('x'), new Int16Array(50));
    expect(cache.stats()).toMatchObject({ entries: 1, samples: 50 });
  });
});
