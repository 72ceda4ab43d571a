/**
 * The voice detector's thread: every call's ready 32 ms windows go, batched, to one worker thread that owns
 * the Silero ONNX session (silero-vad.worker.ts). The inference is synchronous inside onnxruntime-node —
 * milliseconds for a batch of tens of windows — and on the media server's own thread it delayed every call's
 * RTP sending (the capacity bench's largest single cost there). One batch is in flight at a time; windows
 * that become ready meanwhile make the next batch, so batches grow with the load instead of queueing.
 *
 * A slow or dead thread must not stall the calls. A window the model has not answered within `deadlineMs`
 * is answered from its loudness instead (loudnessProbability) and keeps its recurrent state; so are the
 * windows that wait while that batch is still out. Loudness, rather than "silence" or "the last answer":
 * silence would end a caller's turn in mid-sentence, and repeating the last answer would never end one nor
 * notice a barge-in, while loudness keeps endpointing and barge-in working, only less sure of noise. A thread
 * that exits is replaced at once and the batch it held is sent again; one that stays silent for `hungMs` is
 * stopped and replaced.
 */
import { Worker } from 'node:worker_threads';
import { THREAD_BOOTSTRAP, threadEntry } from '#server/sandbox/thread-entry.ts';
import { CONTEXT, STATE, WINDOW } from './silero-model.ts';
import type { VadReply, VadRequest } from './silero-vad-messages.ts';

const WORKER_ENTRY = threadEntry(import.meta.url, 'silero-vad.worker', '.ts');

/** The most windows one inference takes; more waiting go in the next. */
const MAX_BATCH = 64;
/**
 * At most one batch per this many ms. A lone call's window goes at once; under load, windows that become
 * ready within a few ms share one message each way instead of one each (each message wakes the thread, and
 * on a machine with few cores every wake-up is a context switch the calls' clock pays for). 4 ms is an
 * eighth of a window: barge-in and endpointing do not notice it.
 */
const MIN_BATCH_GAP_MS = 4;

export interface WindowResult {
  probability: number;
  /** The row's recurrent state after this window ([2 × STATE]). */
  state: Float32Array;
}

export interface VadThreadOptions {
  /** A window the model has not answered within this is answered from its loudness. */
  deadlineMs?: number;
  /** A thread silent this long on one batch is stopped and replaced. */
  hungMs?: number;
}

export interface VadThreadStats {
  /** Inferences run and the windows they took (the capacity bench's batch size). */
  runs: number;
  windows: number;
  /** Windows answered from their loudness because the model was late or failed. */
  fallbackWindows: number;
  /** Threads started, replacements included. */
  started: number;
  /** The thread's time on inferences. */
  busyMs: number;
}

interface WaitingWindow {
  /** CONTEXT + WINDOW samples: the stream's own buffer, left untouched until the window is answered. */
  input: Float32Array;
  state: Float32Array;
  answer(result: WindowResult): void;
}

interface Batch {
  id: number;
  windows: WaitingWindow[];
  /** Past its deadline: its windows were answered without the model. */
  overdue: boolean;
  deadline: NodeJS.Timeout;
  hung?: NodeJS.Timeout;
}

/** A stand-in for the model's probability: below −50 dBFS a window is quiet, above −30 dBFS voiced. */
export function loudnessProbability(input: Float32Array): number {
  let sum = 0;
  for (let i = CONTEXT; i < CONTEXT + WINDOW; i += 1) sum += (input[i] ?? 0) ** 2;
  const dbfs = 10 * Math.log10(sum / WINDOW + 1e-12);
  return Math.min(1, Math.max(0, (dbfs + 50) / 20));
}

export class VadThread {
  private worker: Worker | undefined;
  private workerReady = false;
  private waiting: WaitingWindow[] = [];
  private inFlight: Batch | undefined;
  private scheduled = false;
  private lastSentAt = -Infinity;
  private nextId = 1;
  private closed = false;
  private firstReady: { promise: Promise<void>; resolve(): void; reject(error: Error): void };
  private readonly deadlineMs: number;
  private readonly hungMs: number;
  private readonly counts: VadThreadStats = {
    runs: 0,
    windows: 0,
    fallbackWindows: 0,
    started: 0,
    busyMs: 0,
  };

  constructor(options: VadThreadOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? 250;
    this.hungMs = options.hungMs ?? 5000;
    let resolve = () => undefined as void;
    let reject = (_error: Error) => undefined as void;
    const promise = new Promise<void>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    promise.catch(() => undefined);
    this.firstReady = { promise, resolve, reject };
    this.start();
  }

  /** Resolves once the first thread has loaded the model (about 200 ms; seconds under tsx on a busy machine). */
  ready(): Promise<void> {
    return this.firstReady.promise;
  }

  /** Answers one window: the model's probability and the row's next state, or the loudness stand-in. */
  run(input: Float32Array, state: Float32Array): Promise<WindowResult> {
    return new Promise((answer) => {
      if (this.closed) return answer({ probability: loudnessProbability(input), state });
      this.waiting.push({ input, state, answer });
      this.schedule();
    });
  }

  /** The live thread, for tests and diagnostics. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  stats(): VadThreadStats {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.answerByLoudness(this.waiting.splice(0));
    const batch = this.inFlight;
    if (batch) {
      this.settle(batch);
      if (!batch.overdue) this.answerByLoudness(batch.windows);
    }
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): void {
    const worker = new Worker(THREAD_BOOTSTRAP, { workerData: { entry: WORKER_ENTRY.href } });
    // An idle thread does not keep the process alive; one with a batch out does.
    worker.unref();
    this.worker = worker;
    this.workerReady = false;
    this.counts.started += 1;
    let failure: Error | undefined;
    worker.on('message', (reply: VadReply) => this.onReply(worker, reply));
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => this.onExit(worker, code, failure));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Every call's windows that become ready in this turn of the event loop go together, and under load
    // those of the next few ms too.
    const wait = this.lastSentAt + MIN_BATCH_GAP_MS - performance.now();
    if (wait <= 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.scheduled = false;
    if (this.waiting.length === 0 || this.closed) return;
    if (this.inFlight) {
      // The thread is late on the batch it has: nobody waits for it.
      if (this.inFlight.overdue) this.answerByLoudness(this.waiting.splice(0));
      return;
    }
    this.send(this.waiting.splice(0, MAX_BATCH));
  }

  private send(windows: WaitingWindow[]): void {
    if (!this.worker) this.start();
    const worker = this.worker!;
    const rows = windows.length;
    const input = new Float32Array(rows * (CONTEXT + WINDOW));
    // State is [2, rows, STATE]: each row's two halves go to their layer's block.
    const state = new Float32Array(2 * rows * STATE);
    windows.forEach((w, i) => {
      input.set(w.input, i * (CONTEXT + WINDOW));
      state.set(w.state.subarray(0, STATE), i * STATE);
      state.set(w.state.subarray(STATE, 2 * STATE), (rows + i) * STATE);
    });
    const batch: Batch = {
      id: this.nextId++,
      windows,
      overdue: false,
      deadline: setTimeout(() => this.onDeadline(batch), this.deadlineMs),
    };
    this.inFlight = batch;
    this.lastSentAt = performance.now();
    worker.ref();
    const request: VadRequest = { type: 'infer', id: batch.id, rows, input, state };
    worker.postMessage(request, [input.buffer, state.buffer]);
  }

  private onDeadline(batch: Batch): void {
    if (this.inFlight !== batch) return;
    batch.overdue = true;
    this.answerByLoudness(batch.windows);
    this.answerByLoudness(this.waiting.splice(0));
    // A thread still loading the model (a replacement, under tsx seconds on a busy machine) is not hung.
    if (!this.workerReady) return;
    batch.hung = setTimeout(() => {
      if (this.inFlight === batch) void this.worker?.terminate(); // onExit replaces it
    }, this.hungMs);
  }

  private onReply(worker: Worker, reply: VadReply): void {
    if (worker !== this.worker) return;
    if (reply.type === 'ready') {
      this.workerReady = true;
      this.firstReady.resolve();
      return;
    }
    const batch = this.inFlight;
    if (!batch || batch.id !== reply.id) return;
    this.settle(batch);
    if (reply.type === 'failed') this.answerByLoudness(batch.windows);
    else if (!batch.overdue) {
      this.counts.runs += 1;
      this.counts.windows += batch.windows.length;
      this.counts.busyMs += reply.busyMs;
      const rows = batch.windows.length;
      batch.windows.forEach((w, i) => {
        const state = new Float32Array(2 * STATE);
        state.set(reply.state.subarray(i * STATE, (i + 1) * STATE), 0);
        state.set(reply.state.subarray((rows + i) * STATE, (rows + i + 1) * STATE), STATE);
        w.answer({ probability: reply.probabilities[i] ?? 0, state });
      });
    }
    this.schedule();
  }

  /** The batch is done with, answered or not: the thread may take the next. */
  private settle(batch: Batch): void {
    clearTimeout(batch.deadline);
    clearTimeout(batch.hung);
    this.inFlight = undefined;
    this.worker?.unref();
  }

  private onExit(worker: Worker, code: number, failure: Error | undefined): void {
    if (worker !== this.worker) return;
    const wasReady = this.workerReady;
    this.worker = undefined;
    if (!wasReady)
      this.firstReady.reject(
        new Error(`the voice detector's thread did not start (exit code ${code}): ${failure?.message ?? ''}`),
      );
    if (this.closed) return;
    const batch = this.inFlight;
    // A thread that ran is replaced at once and the batch it held goes to the new one (with a new deadline);
    // one that never started is tried again by the next batch rather than in a loop.
    if (wasReady) this.start();
    if (batch) {
      this.settle(batch);
      if (batch.overdue) this.schedule();
      else if (wasReady) this.send(batch.windows);
      else {
        this.answerByLoudness(batch.windows);
        this.schedule();
      }
    }
  }

  private answerByLoudness(windows: WaitingWindow[]): void {
    this.counts.fallbackWindows += windows.length;
    for (const w of windows) w.answer({ probability: loudnessProbability(w.input), state: w.state });
  }
}
