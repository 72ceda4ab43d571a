/**
 * The embedded espeak-ng voice's threads: a small pool of worker threads (espeak.worker.ts), each with the
 * WASM engine loaded once, so synthesis never runs on the media server's own thread, where every call's
 * audio clock ticks. Sentences go to the least busy thread and come back as transferred PCM buffers while
 * espeak produces them. A thread that dies fails only the sentences it held (ProviderError `unavailable`:
 * the call's voice chain stands in or apologises) and is replaced at once.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ProviderError } from '#server/providers/provider-error';
import { THREAD_BOOTSTRAP, threadEntry } from '#server/sandbox/thread-entry.ts';
import type { EspeakReply, EspeakRequest } from './espeak-messages.ts';

const WORKER_ENTRY = threadEntry(import.meta.url, 'espeak.worker', '.ts');

export interface EspeakJob {
  voice: string;
  text: string;
  sampleRate: number;
  signal: AbortSignal;
}

export interface EspeakPoolStats {
  threads: number;
  /** Threads started, replacements of dead ones included. */
  started: number;
  /** Sentences synthesized, and the threads' time on them. */
  jobs: number;
  busyMs: number;
}

/** One job's PCM as it arrives from the thread, for one consumer. */
class JobStream {
  private readonly chunks: Int16Array[] = [];
  private ended = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  push(pcm: Int16Array): void {
    this.chunks.push(pcm);
    this.notify();
  }

  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *read(): AsyncGenerator<Int16Array> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (this.ended) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

class Thread {
  readonly worker: Worker;
  readonly jobs = new Map<number, JobStream>();
  readonly ready: Promise<ReadonlySet<string>>;
  isReady = false;

  constructor(onExit: (thread: Thread, code: number, error: Error | undefined) => void) {
    this.worker = new Worker(THREAD_BOOTSTRAP, { workerData: { entry: WORKER_ENTRY.href } });
    // An idle thread does not keep the process alive; one with work does (see hold()).
    this.worker.unref();
    let failure: Error | undefined;
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (reply: EspeakReply) => {
        if (reply.type === 'ready') {
          this.isReady = true;
          resolve(new Set(reply.voices));
        } else this.answer(reply);
      });
      this.worker.on('error', (error) => (failure = error));
      this.worker.on('exit', (code) => {
        reject(
          new ProviderError('espeak', 'unavailable', `espeak-ng thread did not start: ${failure?.message}`, {
            cause: failure,
          }),
        );
        onExit(this, code, failure);
      });
    });
    this.ready.catch(() => undefined);
  }

  onDone: ((busyMs: number) => void) | undefined;

  private answer(reply: Exclude<EspeakReply, { type: 'ready' }>): void {
    const job = this.jobs.get(reply.id);
    if (!job) return; // cancelled: what was still on its way is dropped
    if (reply.type === 'chunk') return job.push(reply.pcm);
    this.release(reply.id);
    if (reply.type === 'done') {
      this.onDone?.(reply.busyMs);
      job.end();
    } else job.end(new ProviderError('espeak', 'bad_response', reply.message, { retryable: false }));
  }

  submit(id: number, job: EspeakJob, stream: JobStream): void {
    if (this.jobs.size === 0) this.worker.ref();
    this.jobs.set(id, stream);
    const request: EspeakRequest = {
      type: 'synthesize',
      id,
      voice: job.voice,
      text: job.text,
      sampleRate: job.sampleRate,
    };
    this.worker.postMessage(request);
  }

  cancel(id: number): void {
    if (!this.jobs.has(id)) return;
    this.release(id);
    const request: EspeakRequest = { type: 'cancel', id };
    this.worker.postMessage(request);
  }

  private release(id: number): void {
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.worker.unref();
  }
}

export class EspeakPool {
  private readonly threads: (Thread | undefined)[];
  private nextId = 1;
  private closed = false;
  private counts = { started: 0, jobs: 0, busyMs: 0 };

  /** On a 2-core machine one thread, leaving the other core to the calls; more where there are more. */
  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism() - 1))) {
    this.threads = Array.from({ length: size }, () => undefined);
  }

  /** Starts the threads (loading takes a few hundred ms) and resolves with the voices espeak knows. */
  voices(): Promise<ReadonlySet<string>> {
    for (let i = 0; i < this.size; i += 1) this.thread(i);
    return Promise.any(this.threads.map((t) => t!.ready)).catch((error: AggregateError) => {
      throw error.errors[0];
    });
  }

  /** One sentence's PCM at `sampleRate`, streamed; throws ProviderError when the thread fails. */
  async *synthesize(job: EspeakJob): AsyncGenerator<Int16Array> {
    job.signal.throwIfAborted();
    const thread = this.leastBusy();
    await thread.ready;
    const id = this.nextId++;
    const stream = new JobStream();
    const onAbort = () => {
      thread.cancel(id);
      stream.end(new ProviderError('espeak', 'aborted', 'synthesis cancelled', { retryable: false }));
    };
    job.signal.addEventListener('abort', onAbort, { once: true });
    try {
      thread.submit(id, job, stream);
      yield* stream.read();
    } finally {
      job.signal.removeEventListener('abort', onAbort);
      thread.cancel(id); // the consumer stopped early: the thread may drop it
    }
  }

  /** The live threads, for tests and diagnostics. */
  workers(): Worker[] {
    return this.threads.flatMap((t) => (t ? [t.worker] : []));
  }

  stats(): EspeakPoolStats {
    return { threads: this.workers().length, ...this.counts };
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers();
    this.threads.fill(undefined);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private leastBusy(): Thread {
    let best: Thread | undefined;
    for (let i = 0; i < this.size; i += 1) {
      const thread = this.thread(i);
      if (!best || thread.jobs.size < best.jobs.size || (!best.isReady && thread.isReady)) best = thread;
    }
    return best!;
  }

  private thread(index: number): Thread {
    const existing = this.threads[index];
    if (existing) return existing;
    const thread = new Thread((dead, code, error) => this.onExit(index, dead, code, error));
    thread.onDone = (busyMs) => {
      this.counts.jobs += 1;
      this.counts.busyMs += busyMs;
    };
    this.counts.started += 1;
    this.threads[index] = thread;
    return thread;
  }

  private onExit(index: number, dead: Thread, code: number, error: Error | undefined): void {
    const failure = new ProviderError(
      'espeak',
      'unavailable',
      `espeak-ng thread stopped (exit code ${code}${error ? `: ${error.message}` : ''})`,
      { cause: error },
    );
    for (const stream of dead.jobs.values()) stream.end(failure);
    dead.jobs.clear();
    if (this.threads[index] !== dead) return;
    this.threads[index] = undefined;
    // A thread that ran is replaced at once, warm for the next sentence; one that never started (a broken
    // install) is tried again by the next sentence rather than in a loop.
    if (!this.closed && dead.isReady) this.thread(index);
  }
}

let shared: EspeakPool | undefined;

/** The process's pool, started on first use. */
export function getEspeakPool(): EspeakPool {
  shared ??= new EspeakPool();
  return shared;
}
