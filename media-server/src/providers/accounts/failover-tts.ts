import { ProviderError } from '#server/providers/provider-error.ts';
import type { TtsProvider, TtsRequest } from '../tts/tts-provider.ts';
import type { CallFailover } from './call-failover.ts';

/** One voice in a call's chain: the connector, the voice and speed the agent chose, and its name. */
export interface VoiceEntry {
  name: string;
  provider: TtsProvider;
  voice?: string;
  speed?: number;
}

/**
 * The call's voice: the agent's, and when it fails the next in the chain (the embedded voice last). A
 * failure switches the rest of the call over; the sentence is spoken again by the next voice, after a
 * short apology, so the caller never hears silence. `id` names the voice now in use, which keeps the
 * prompt cache's entries of different voices apart.
 */
export class FailoverTts implements TtsProvider {
  private index = 0;

  constructor(
    private chain: readonly VoiceEntry[],
    private readonly failover: CallFailover,
  ) {
    if (chain.length === 0) throw new Error('a call needs at least one voice');
  }

  /** The agent's chain, once resolved (the call starts with the install's voice). */
  replace(chain: readonly VoiceEntry[]): void {
    if (chain.length === 0) return;
    this.chain = chain;
    this.index = 0;
  }

  get id(): string {
    const entry = this.current;
    return [entry.name, entry.voice ?? '', entry.speed ?? 1].join('|');
  }

  get current(): VoiceEntry {
    return this.chain[this.index]!;
  }

  /** True once a voice failed and the next one stands in (shown on the call record). */
  get fallback(): boolean {
    return this.index > 0;
  }

  async *synthesize(request: TtsRequest): AsyncIterable<Int16Array> {
    for (;;) {
      const entry = this.current;
      const apology = this.failover.takeApology(request.language);
      try {
        if (apology) yield* this.speak(entry, { ...request, text: apology, onUsage: undefined });
        yield* this.speak(entry, request);
        return;
      } catch (error) {
        if (request.signal.aborted || this.index >= this.chain.length - 1) throw error;
        if (error instanceof ProviderError && error.code === 'aborted') throw error;
        this.index += 1;
        this.failover.failed('tts', entry.name, this.current.name, error);
      }
    }
  }

  private speak(entry: VoiceEntry, request: TtsRequest): AsyncIterable<Int16Array> {
    const { onUsage, ...rest } = request;
    return entry.provider.synthesize({
      ...rest,
      ...(onUsage ? { onUsage } : {}),
      ...(entry.voice ? { voice: entry.voice } : {}),
      ...(entry.speed ? { speed: entry.speed } : {}),
    });
  }
}
