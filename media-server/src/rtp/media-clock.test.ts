import { describe, expect, it } from 'vitest';
import { latenessPercentile, MediaClock } from './media-clock.ts';

describe('MediaClock', () => {
  it('ticks every 20 ms by absolute time, without drift, with calls spread over slots', async () => {
    const clock = new MediaClock();
    const seen: Array<{ task: number; cycle: number; at: number }> = [];
    const start = performance.now();
    const removers = [0, 1, 2, 3].map((task) =>
      clock.add({ tick: (cycle, now) => seen.push({ task, cycle, at: now - start }) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1010));
    removers.forEach((remove) => remove());
    const first = seen.filter((s) => s.task === 0);
    // A loaded machine may run a callback late (the bench measures lateness), never early or adrift.
    expect(first.length).toBeGreaterThanOrEqual(44);
    expect(first.length).toBeLessThanOrEqual(52);
    // The 50th tick lands near 980 ms: lateness of individual callbacks did not accumulate.
    const fiftieth = first.find((s) => s.cycle === 49);
    if (fiftieth) {
      expect(fiftieth.at).toBeGreaterThan(975);
      expect(fiftieth.at).toBeLessThan(1060);
    }
    // The four tasks sit in four different 5 ms slots of the period. Late callbacks run the slots due by then
    // together, so the spacing is only visible when none was late (the bench measures lateness).
    if (clock.stats.lateTicks > 0) return;
    const offsets = [0, 1, 2, 3].map((t) =>
      Math.round((seen.find((s) => s.task === t && s.cycle === 10)?.at ?? 0) % 20),
    );
    expect(new Set(offsets).size).toBe(4);
  });
});

describe('MediaClock, within one slot', () => {
  it('lets every task of the slot send before any does its other work, and counts lateness', async () => {
    const clock = new MediaClock({ slots: 1 });
    const order: string[] = [];
    const removers = ['a', 'b', 'c'].map((name) =>
      clock.add({ tick: () => order.push(`send ${name}`), afterTick: () => order.push(`work ${name}`) }),
    );
    const before = clock.latenessHistogram();
    await new Promise((resolve) => setTimeout(resolve, 70));
    removers.forEach((remove) => remove());
    expect(order.slice(0, 6)).toEqual(['send a', 'send b', 'send c', 'work a', 'work b', 'work c']);
    const ticks = clock.stats.ticks;
    expect(ticks).toBeGreaterThanOrEqual(2);
    const after = clock.latenessHistogram();
    expect(after.reduce((x, y) => x + y, 0) - before.reduce((x, y) => x + y, 0)).toBe(ticks);
    expect(latenessPercentile(before, after, 0.5)).toBeGreaterThan(0);
    expect(latenessPercentile(before, after, 1)).toBeGreaterThanOrEqual(
      latenessPercentile(before, after, 0.5),
    );
  });
});
