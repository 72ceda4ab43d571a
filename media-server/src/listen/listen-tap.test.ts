import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListenTap } from './listen-tap.ts';

const frame = (value: number, samples = 160) => new Int16Array(samples).fill(value);

afterEach(() => {
  vi.useRealTimers();
});

describe('ListenTap', () => {
  it('mixes the caller and the agent in time, drops what barge-in cleared, and keeps nothing without listeners', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const tap = new ListenTap({ sampleRate: 8000, now: () => Date.now() });
    // Nobody listens: nothing is kept.
    tap.caller(frame(1000));
    tap.agent(frame(2000), Date.now());
    const heard: number[] = [];
    const ends: number[] = [];
    const stop = tap.listen(
      (f) => {
        expect(f.length).toBe(160);
        heard.push(f[0]!);
      },
      () => ends.push(1),
    );
    const t0 = Date.now();
    tap.caller(frame(100));
    tap.caller(frame(100));
    tap.agent(frame(1000), t0);
    tap.agent(frame(1000), t0 + 20);
    tap.agent(frame(1000), t0 + 40);
    tap.agent(frame(1000), t0 + 60);
    vi.advanceTimersByTime(40);
    expect(heard).toEqual([1100, 1100]);
    // Barge-in at t0+40: the agent's frames from then on are gone; the caller alone after that is silence.
    tap.cleared(t0 + 40);
    tap.caller(frame(-50));
    vi.advanceTimersByTime(40);
    expect(heard).toEqual([1100, 1100, -50, 0]);
    // Loud sums are clipped, not wrapped.
    tap.caller(frame(30000));
    tap.agent(frame(30000), Date.now());
    vi.advanceTimersByTime(20);
    expect(heard.at(-1)).toBe(32767);
    stop();
    expect(tap.listeners).toBe(0);
    expect(ends).toEqual([]);
  });

  it('tells listeners when the call ends, and one arriving after it at once', () => {
    const tap = new ListenTap({ sampleRate: 16000, now: () => Date.now() });
    const ended: string[] = [];
    tap.listen(
      () => undefined,
      () => ended.push('first'),
    );
    tap.close();
    expect(ended).toEqual(['first']);
    expect(tap.listeners).toBe(0);
    tap.listen(
      () => undefined,
      () => ended.push('late'),
    );
    expect(ended).toEqual(['first', 'late']);
  });
});
