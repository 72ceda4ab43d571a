import { describe, expect, it } from 'vitest';
import { defaultEndpointerConfig, Endpointer, type EndpointEvent } from './endpointer.ts';

const W = 32;

/** Feeds probabilities window by window; returns the events with the window index they fired at. */
function run(endpointer: Endpointer, probabilities: number[]): Array<EndpointEvent & { index: number }> {
  const events: Array<EndpointEvent & { index: number }> = [];
  probabilities.forEach((p, index) => {
    const event = endpointer.push(p, (index + 1) * W, W);
    if (event) events.push({ ...event, index });
  });
  return events;
}

const repeat = (p: number, n: number) => new Array<number>(n).fill(p);

describe('Endpointer', () => {
  it('reports onset at the first voiced window and the end after the configured silence', () => {
    const ep = new Endpointer({ ...defaultEndpointerConfig, endSilenceMs: 320 });
    const events = run(ep, [...repeat(0.05, 5), ...repeat(0.9, 10), ...repeat(0.05, 12)]);
    expect(events[0]).toMatchObject({ type: 'speech_start', atMs: 5 * W, index: 6 });
    expect(events[1]).toMatchObject({ type: 'speech_end', lastVoiceMs: 15 * W, forced: false });
    expect(events[1]?.atMs).toBe(15 * W + 320);
    expect(events).toHaveLength(2);
  });

  it('ignores a burst shorter than the minimum speech length', () => {
    const ep = new Endpointer({ ...defaultEndpointerConfig, minSpeechMs: 96 });
    expect(run(ep, [0.9, 0.9, 0.1, 0.9, 0.1, 0.1])).toEqual([]);
  });

  it('keeps speaking through dips between the two thresholds and short pauses', () => {
    const ep = new Endpointer({ ...defaultEndpointerConfig, endSilenceMs: 200 });
    const events = run(ep, [
      ...repeat(0.9, 4),
      0.4,
      0.4,
      0.4,
      0.4,
      0.4,
      0.4,
      0.1,
      0.1,
      0.9,
      ...repeat(0.1, 8),
    ]);
    expect(events.map((e) => e.type)).toEqual(['speech_start', 'speech_end']);
    expect(events[1]).toMatchObject({ lastVoiceMs: 13 * W });
  });

  it('applies a new end silence from a listen command', () => {
    const ep = new Endpointer({ ...defaultEndpointerConfig, endSilenceMs: 1000 });
    ep.setEndSilence(96);
    const events = run(ep, [...repeat(0.9, 3), ...repeat(0.1, 3)]);
    expect(events.at(-1)).toMatchObject({ type: 'speech_end', atMs: 6 * W });
  });

  it('ends on a frame tick once enough silence arrived, without waiting for the next window', () => {
    const ep = new Endpointer({ ...defaultEndpointerConfig, endSilenceMs: 100 });
    run(ep, [...repeat(0.9, 3), 0.1, 0.1]); // voice until 96 ms, silence analysed until 160 ms
    expect(ep.tick(180)).toBeNull();
    expect(ep.tick(200)).toMatchObject({ type: 'speech_end', atMs: 200, lastVoiceMs: 96 });
    expect(ep.inSpeech).toBe(false);
  });

  it('forces the end of an endless utterance', () => {
    const ep = new Endpointer({ ...defaultEndpointerConfig, maxUtteranceMs: 320 });
    const events = run(ep, repeat(0.9, 20));
    expect(events[1]).toMatchObject({ type: 'speech_end', forced: true });
  });
});
