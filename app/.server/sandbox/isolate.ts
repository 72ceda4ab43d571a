import { Worker } from 'node:worker_threads';
import { threadEntry } from './thread-entry.ts';

/** How much an isolate may use: its V8 heap, and the time of one task. */
export interface IsolateLimits {
  heapMb: number;
  timeMs: number;
}

/** A task went past its isolate's memory or time: the input is the cause, a retry would do the same. */
export class IsolateLimitError extends Error {
  readonly code = 'resource_limit';
  constructor(
    readonly kind: 'memory' | 'time',
    readonly limit: number,
  ) {
    super(
      kind === 'memory'
        ? `Reading it needed more than ${limit} MB of memory: it was stopped`
        : `Reading it took longer than ${Math.round(limit / 1000)} s: it was stopped`,
    );
    this.name = 'IsolateLimitError';
  }
}

/** An error thrown inside the isolate, carried over by name, code and message. */
export interface IsolatedErrorShape {
  name: string;
  message: string;
  code?: string;
}

type Reply = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: IsolatedErrorShape };

/** Rebuilds an error the task threw; the caller's own map turns known codes back into its error types. */
export type ErrorReviver = (error: IsolatedErrorShape) => Error;

const defaultReviver: ErrorReviver = (e) =>
  Object.assign(new Error(e.message), { name: e.name, code: e.code });

/** The thread's first module: it registers the TypeScript loader when the entry is a .ts file. */
const BOOTSTRAP = threadEntry(import.meta.url, 'isolate-bootstrap', '.mjs');

/**
 * A worker thread with a heap limit that runs one task at a time for code that reads untrusted input
 * (uploaded documents, crawled pages). A runaway input fails its own task with IsolateLimitError; the
 * process and every other job go on. After a limit is hit the thread is gone; the next task starts a new one.
 *
 * `entry` is a module that calls `serveIsolatedTasks` with its task table.
 */
export class Isolate {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(
    private readonly entry: URL,
    private readonly limits: IsolateLimits,
    private readonly reviveError: ErrorReviver = defaultReviver,
  ) {}

  /** Runs one task (after any before it) with the time limit; the input and output are structured-cloned. */
  run<O>(task: string, input: unknown): Promise<O> {
    const result = this.queue.then(() => this.runNow<O>(task, input));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(BOOTSTRAP, {
      workerData: { entry: this.entry.href },
      resourceLimits: {
        maxOldGenerationSizeMb: this.limits.heapMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(this.limits.heapMb / 8))),
      },
      stdout: false,
      stderr: false,
    });
    return worker;
  }

  private runNow<O>(task: string, input: unknown): Promise<O> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<O>((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        settle();
      };
      const discard = () => {
        if (this.worker === worker) this.worker = undefined;
      };
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        done(() => (reply.ok ? resolve(reply.output as O) : reject(this.reviveError(reply.error))));
      };
      const onError = (e: Error & { code?: string }) => {
        discard();
        done(() =>
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new IsolateLimitError('memory', this.limits.heapMb) : e,
          ),
        );
      };
      const onExit = (code: number) => {
        discard();
        done(() => reject(new Error(`isolate stopped (exit code ${code})`)));
      };
      const timer = setTimeout(() => {
        discard();
        done(() => reject(new IsolateLimitError('time', this.limits.timeMs)));
        void worker.terminate();
      }, this.limits.timeMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, task, input });
    });
  }
}
