import { describe, expect, it } from 'vitest';
import { concatInt16 } from '../../audio/pcm';
import { withTtsCache } from './tts-cache';
import type { TtsProvider, TtsRequest, TtsUsage } from './tts-provider';

function countingProvider() {
  let calls = 0;
  const provider: TtsProvider = {
    id: 'fake',
    async *synthesize(request: TtsRequest) {
      calls += 1;
      yield new Int16Array(request.text.length * 100).fill(calls);
      request.onUsage?.({ provider: 'fake', characters: request.text.length, cached: false });
    },
  };
  return { provider, calls: () => calls };
}

async function run(provider: TtsProvider, text: string, extra: Partial<TtsRequest> = {}) {
  const usage: TtsUsage[] = [];
  const parts: Int16Array[] = [];
  for await (const c of provider.synthesize({
    text,
    language: 'ru-RU',
    sampleRate: 8000,
    signal: new AbortController().signal,
    onUsage: (u) => usage.push(u),
    ...extra,
  })) {
    parts.push(c);
  }
  return { pcm: concatInt16(parts), usage };
}

describe('TTS LRU cache', () => {
  it('serves a repeated prompt from memory and bills nothing for it', async () => {
    const { provider, calls } = countingProvider();
    const cached = withTtsCache(provider);
    const first = await run(cached, 'Здравствуйте');
    const second = await run(cached, 'Здравствуйте');
    expect(calls()).toBe(1);
    expect(Array.from(second.pcm)).toEqual(Array.from(first.pcm));
    expect(second.usage).toEqual([{ provider: 'fake', characters: 0, cached: true }]);
  });

  it('keys on voice, language and rate too', async () => {
    const { provider, calls } = countingProvider();
    const cached = withTtsCache(provider);
    await run(cached, 'Да');
    await run(cached, 'Да', { voice: 'other' });
    await run(cached, 'Да', { sampleRate: 16000 });
    await run(cached, 'Да', { language: 'en-US' });
    expect(calls()).toBe(4);
  });

  it('evicts the least recently used entry when full', async () => {
    const { provider, calls } = countingProvider();
    const cached = withTtsCache(provider, { maxSamples: 1_000 }); // 4-letter texts are 400 samples each
    await run(cached, 'aaaa');
    await run(cached, 'bbbb');
    await run(cached, 'aaaa'); // touch a
    await run(cached, 'cccc'); // evicts b
    expect(cached.size).toBe(2);
    await run(cached, 'aaaa');
    expect(calls()).toBe(3);
    await run(cached, 'bbbb');
    expect(calls()).toBe(4);
  });
});
