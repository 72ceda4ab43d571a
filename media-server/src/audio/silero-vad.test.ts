// Silero VAD on its own thread with every call's windows batched into one inference: a call's speech
// probabilities are the model's own (as run in this thread), the same alone as beside other calls, and speech
// is told from silence. A killed thread is replaced without losing a window; a thread too slow to answer does
// not hold the calls up.
import { afterAll, describe, expect, it } from 'vitest';
import { speechFrames } from '../sip-gateway/test-support/audio-fixtures';
import { getEspeakPool } from '../providers/tts/espeak-pool';
import { StreamingResampler } from './resampler';
import { CONTEXT, loadSileroModel, STATE, VAD_SAMPLE_RATE, WINDOW } from './silero-model';
import { loadSileroVad, sileroVadOn, type VadFactory } from './silero-vad';
import { VadThread } from './vad-thread';

afterAll(() => getEspeakPool().close());

async function probabilities(vad: VadFactory, frames: Int16Array[]): Promise<number[]> {
  const stream = vad(8000);
  // Pushed all at once, as packets of a busy moment are: the windows wait for each other.
  const results = await Promise.all(frames.map((frame) => stream.push(frame)));
  return results.flat();
}

/** The model run here, in this thread, one window at a time: what the VAD's thread must reproduce. */
async function inThread(frames: Int16Array[]): Promise<number[]> {
  const model = await loadSileroModel();
  const resampler = new StreamingResampler(8000, VAD_SAMPLE_RATE);
  const input = new Float32Array(CONTEXT + WINDOW);
  let state: Float32Array = new Float32Array(2 * STATE);
  let filled = 0;
  const out: number[] = [];
  for (const frame of frames)
    for (const sample of resampler.push(frame)) {
      input[CONTEXT + filled] = sample / 32768;
      filled += 1;
      if (filled < WINDOW) continue;
      const result = await model.infer(1, Float32Array.from(input), Float32Array.from(state));
      out.push(result.probabilities[0] ?? NaN);
      state = result.state;
      input.copyWithin(0, WINDOW, WINDOW + CONTEXT);
      filled = 0;
    }
  return out;
}

const silence = Array.from({ length: 25 }, () => new Int16Array(160));

async function speech(): Promise<Int16Array[]> {
  return [...silence, ...(await speechFrames('Sales, please. I would like to book a visit.')), ...silence];
}

describe('Silero VAD, batched across calls on its own thread', { timeout: 240_000 }, () => {
  it('gives the model’s own probabilities, and each call the same alone as beside other calls', async () => {
    const vad = await loadSileroVad();
    const frames = await speech();
    const noise = frames.map((f) => f.map(() => Math.round((Math.random() - 0.5) * 200)));

    const alone = await probabilities(vad, frames);
    expect(alone).toEqual(await inThread(frames));
    const together = await Promise.all([
      probabilities(vad, noise),
      probabilities(vad, frames),
      probabilities(vad, silence),
      probabilities(vad, frames.slice(7)),
    ]);
    expect(together[1]).toHaveLength(alone.length);
    together[1]!.forEach((p, i) => expect(p).toBeCloseTo(alone[i]!, 4));

    expect(Math.max(...alone)).toBeGreaterThan(0.8);
    expect(Math.max(...alone.slice(0, 10))).toBeLessThan(0.2); // the half second of silence before
    expect(Math.max(...together[2]!)).toBeLessThan(0.2);
  });

  it('replaces a thread that dies and sends it the batch it held, losing no window', async () => {
    const frames = await speech();
    const reference = await inThread(frames);
    // A deadline longer than any restart: every window must come from the model.
    const thread = new VadThread({ deadlineMs: 120_000 });
    try {
      await thread.ready();
      const first = thread.thread!;
      const stream = sileroVadOn(thread)(8000);
      const half = Math.floor(frames.length / 2);
      const pending = frames.map((frame) => stream.push(frame));
      await Promise.all(pending.slice(0, half));
      await first.terminate(); // the thread dies mid-call, with windows in flight or waiting
      const results = (await Promise.all(pending)).flat();
      expect(thread.stats().started).toBe(2);
      expect(thread.thread).not.toBe(first);
      expect(thread.stats().fallbackWindows).toBe(0);
      expect(results).toHaveLength(reference.length);
      results.forEach((p, i) => expect(p).toBeCloseTo(reference[i]!, 5));
    } finally {
      await thread.close();
    }
  });

  it('answers from loudness while its thread is too slow, then from the model again', async () => {
    const frames = await speech();
    // Not waiting for the new thread to load the model: the slowest a thread can be.
    const thread = new VadThread({ deadlineMs: 40 });
    try {
      const started = performance.now();
      const meanwhile = await probabilities(sileroVadOn(thread), frames);
      const stats = thread.stats();
      // Answered while the model was still loading (tsx alone takes longer on a busy machine).
      expect(stats.runs).toBe(0);
      expect(stats.fallbackWindows).toBe(meanwhile.length);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(Math.max(...meanwhile)).toBeGreaterThan(0.8); // the words are still heard
      expect(Math.max(...meanwhile.slice(0, 10))).toBeLessThan(0.2); // and silence is still silence

      await thread.ready();
      // The slow batch is answered and dropped; then the model answers again.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const fallbacksBefore = thread.stats().fallbackWindows;
      const after = await probabilities(sileroVadOn(thread), silence);
      expect(after.length).toBeGreaterThan(0);
      expect(thread.stats().runs).toBeGreaterThan(0);
      expect(thread.stats().fallbackWindows).toBe(fallbacksBefore);
    } finally {
      await thread.close();
    }
  });
});
