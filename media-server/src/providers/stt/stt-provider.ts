import { EventEmitter } from 'node:events';

/** One recognition result. Timings are milliseconds from the start of the audio written to the session. */
export interface SttResult {
  text: string;
  /** 0..1, when the provider reports one. */
  confidence?: number;
  language: string;
  startMs?: number;
  endMs?: number;
}

export interface SttStartOptions {
  language: 'ru-RU' | 'en-US' | (string & {});
  sampleRate: 8000 | 16000;
  /** Phrases to bias recognition toward (names, product words). */
  hints?: string[];
  signal: AbortSignal;
}

interface SttSessionEvents {
  partial: [SttResult];
  final: [SttResult];
  error: [Error];
  /** No more results will come. */
  close: [];
}

/**
 * A live recognition. Write 16-bit mono PCM at the session's rate, call end() when the caller stopped
 * speaking; partial results (streaming providers only) and final results arrive as events. `done` resolves
 * after the last final, or rejects with a ProviderError.
 */
export class SttSession extends EventEmitter<SttSessionEvents> {
  readonly done: Promise<SttResult[]>;
  private readonly finals: SttResult[] = [];
  private settled = false;
  private resolveDone!: (results: SttResult[]) => void;
  private rejectDone!: (error: Error) => void;

  constructor(private readonly sink: { write(pcm: Int16Array): void; end(): void }) {
    super();
    this.done = new Promise<SttResult[]>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // A session nobody awaits must not crash the process with an unhandled rejection.
    this.done.catch(() => undefined);
  }

  write(pcm: Int16Array): void {
    if (!this.settled) this.sink.write(pcm);
  }

  end(): void {
    if (!this.settled) this.sink.end();
  }

  /** For implementations: report results and the end. */
  emitPartial(result: SttResult): void {
    if (!this.settled && result.text) this.emit('partial', result);
  }
  emitFinal(result: SttResult): void {
    if (this.settled) return;
    this.finals.push(result);
    this.emit('final', result);
  }
  finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveDone(this.finals);
    this.emit('close');
  }
  fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    if (this.listenerCount('error') > 0) this.emit('error', error);
    this.rejectDone(error);
    this.emit('close');
  }
}

export interface SttProvider {
  readonly id: string;
  /** True when results arrive while audio is still being written. */
  readonly streaming: boolean;
  start(options: SttStartOptions): SttSession;
}
