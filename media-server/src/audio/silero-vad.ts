/**
 * Silero VAD per call. The model (silero-model.ts) runs on the voice detector's own thread (vad-thread.ts),
 * shared by every call of the process, with every call's ready windows in one batch; per call there is only
 * the recurrent state and the 64-sample context (about 1.3 KB) and the 8→16 kHz resampler.
 */
import { StreamingResampler } from './resampler.ts';
import { CONTEXT, STATE, VAD_SAMPLE_RATE, WINDOW } from './silero-model.ts';
import { VadThread, type VadThreadStats } from './vad-thread.ts';

export { VAD_SAMPLE_RATE } from './silero-model.ts';
export const VAD_WINDOW_MS = (WINDOW / VAD_SAMPLE_RATE) * 1000;

export interface VadStream {
  /**
   * Feeds one frame at the stream's input rate; resolves with the speech probability of every 32 ms window
   * the frame completed (often none, sometimes one or two). Calls are processed in order.
   */
  push(frame: Int16Array): Promise<number[]>;
}

/** Makes one stream per call; `inputRate` 8000 is upsampled first (Silero at 8 kHz detects poorly). */
export type VadFactory = (inputRate: 8000 | 16000) => VadStream;

class SileroStream implements VadStream {
  private state: Float32Array = new Float32Array(2 * STATE);
  private readonly input = new Float32Array(CONTEXT + WINDOW);
  private filled = 0; // samples of the current window in input[CONTEXT..]
  private chain: Promise<unknown> = Promise.resolve();
  private readonly resampler: StreamingResampler | undefined;

  constructor(
    private readonly thread: VadThread,
    inputRate: number,
  ) {
    this.resampler =
      inputRate === VAD_SAMPLE_RATE ? undefined : new StreamingResampler(inputRate, VAD_SAMPLE_RATE);
  }

  push(frame: Int16Array): Promise<number[]> {
    const pcm = this.resampler ? this.resampler.push(frame) : frame;
    const next = this.chain.then(() => this.process(pcm));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async process(pcm: Int16Array): Promise<number[]> {
    const probabilities: number[] = [];
    for (let i = 0; i < pcm.length; i += 1) {
      this.input[CONTEXT + this.filled] = (pcm[i] ?? 0) / 32768;
      this.filled += 1;
      if (this.filled === WINDOW) {
        probabilities.push(await this.runWindow());
        this.filled = 0;
      }
    }
    return probabilities;
  }

  private async runWindow(): Promise<number> {
    // The batch copies the window when it is sent; until it is answered nothing writes to it.
    const { probability, state } = await this.thread.run(this.input, this.state);
    this.state = state;
    // The last 64 samples of this window are the context of the next one.
    this.input.copyWithin(0, WINDOW, WINDOW + CONTEXT);
    return probability;
  }
}

/** Streams on `thread`: for tests, which start their own with their own deadlines. */
export function sileroVadOn(thread: VadThread): VadFactory {
  return (inputRate) => new SileroStream(thread, inputRate);
}

let shared: VadThread | undefined;

/** The process's voice detector thread, started on first use. */
function sharedThread(): VadThread {
  shared ??= new VadThread();
  return shared;
}

/** Starts the process's voice detector thread (the model loads in about 200 ms) and returns a factory of per-call streams. */
export async function loadSileroVad(): Promise<VadFactory> {
  const thread = sharedThread();
  try {
    await thread.ready();
  } catch (error) {
    // A broken install fails here, at start-up, as before; the next attempt starts a fresh thread.
    if (shared === thread) shared = undefined;
    await thread.close();
    throw error;
  }
  return sileroVadOn(thread);
}

/** The process's inferences, windows, loudness stand-ins and thread time so far (the capacity bench). */
export function vadBatchStats(): VadThreadStats {
  return shared?.stats() ?? { runs: 0, windows: 0, fallbackWindows: 0, started: 0, busyMs: 0 };
}
