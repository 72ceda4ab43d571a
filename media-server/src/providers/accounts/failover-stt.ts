import { concatInt16 } from '../../audio/pcm.ts';
import { SttSession, type SttProvider, type SttStartOptions } from '../stt/stt-provider.ts';
import type { CallFailover } from './call-failover.ts';

export interface RecognizerEntry {
  name: string;
  provider: SttProvider;
}

export interface RecognizerSettings {
  /** Overrides the language the listen asks for (BCP-47). */
  language?: string;
  /** Always passed, before the listen's own. */
  hints?: readonly string[];
}

/** Audio kept per utterance to hand to the next recogniser when one fails mid-utterance (30 s at 16 kHz). */
const MAX_REPLAY_SAMPLES = 16_000 * 30;

/**
 * The call's recogniser: the agent's, and when it fails the next in the chain. The utterance's audio is
 * kept, so a recogniser that dies while the caller speaks is replaced for that same utterance (the caller
 * does not have to repeat), and for the rest of the call.
 */
export class FailoverStt implements SttProvider {
  private index = 0;
  private readonly reportedLast = new Set<string>();

  constructor(
    private chain: readonly RecognizerEntry[],
    private readonly failover: CallFailover,
    private settings: RecognizerSettings = {},
  ) {}

  /** The agent's chain, once resolved (the call starts with the install's recogniser). */
  replace(chain: readonly RecognizerEntry[], settings: RecognizerSettings): void {
    this.chain = chain;
    this.settings = settings;
    this.index = 0;
  }

  get id(): string {
    return this.current?.name ?? 'none';
  }

  get streaming(): boolean {
    return this.current?.provider.streaming ?? false;
  }

  get current(): RecognizerEntry | undefined {
    return this.chain[this.index];
  }

  /** True once a recogniser failed and the next one stands in (shown on the call record). */
  get fallback(): boolean {
    return this.index > 0;
  }

  start(options: SttStartOptions): SttSession {
    const first = this.current;
    if (!first) {
      // No recogniser at all: the utterance is "not understood", and the keypad drives the call.
      const none = new SttSession({ write: () => undefined, end: () => none.finish() });
      return none;
    }
    const hints = [...(this.settings.hints ?? []), ...(options.hints ?? [])];
    const startOptions: SttStartOptions = {
      ...options,
      ...(this.settings.language ? { language: this.settings.language } : {}),
      ...(hints.length > 0 ? { hints: [...new Set(hints)].slice(0, 200) } : {}),
    };
    const audio: Int16Array[] = [];
    let kept = 0;
    let ended = false;
    let inner: SttSession;
    const outer = new SttSession({
      write(pcm) {
        if (kept + pcm.length <= MAX_REPLAY_SAMPLES) {
          audio.push(pcm.slice());
          kept += pcm.length;
        }
        inner.write(pcm);
      },
      end() {
        ended = true;
        inner.end();
      },
    });
    const attach = (session: SttSession, entry: RecognizerEntry) => {
      session.on('partial', (result) => outer.emitPartial(result));
      session.on('final', (result) => outer.emitFinal(result));
      session.done.then(
        () => outer.finish(),
        (error: unknown) => {
          if (options.signal.aborted || this.current !== entry) return outer.fail(asError(error));
          if (this.index >= this.chain.length - 1) {
            // Nothing left to take over: the utterance is not understood, and the call record says why
            // (once per recogniser, not at every utterance it fails again).
            if (!this.reportedLast.has(entry.name)) {
              this.reportedLast.add(entry.name);
              this.failover.failed('stt', entry.name, null, error, false);
            }
            return outer.fail(asError(error));
          }
          this.index += 1;
          const next = this.current!;
          this.failover.failed('stt', entry.name, next.name, error);
          inner = next.provider.start(startOptions);
          attach(inner, next);
          if (audio.length > 0) inner.write(concatInt16(audio));
          if (ended) inner.end();
        },
      );
    };
    inner = first.provider.start(startOptions);
    attach(inner, first);
    return outer;
  }
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
