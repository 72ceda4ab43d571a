/** What the media server and the VAD's worker thread (silero-vad.worker.ts, vad-thread.ts) say to each other. */
export type VadRequest = {
  type: 'infer';
  id: number;
  rows: number;
  /** rows × (CONTEXT + WINDOW) samples; transferred. */
  input: Float32Array;
  /** [2, rows, STATE]; transferred. */
  state: Float32Array;
};

export type VadReply =
  | { type: 'ready' }
  /** Transferred back; `busyMs` is the thread's time on the inference. */
  | { type: 'result'; id: number; probabilities: Float32Array; state: Float32Array; busyMs: number }
  | { type: 'failed'; id: number; message: string };
