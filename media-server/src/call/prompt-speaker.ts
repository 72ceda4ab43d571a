import type { Logger } from '#server/logger.ts';
import { concatInt16 } from '../audio/pcm.ts';
import type { TtsProvider, TtsSampleRate } from '../providers/tts/tts-provider.ts';
import { frameSamplesAt, PcmFramer } from '../audio/pcm-framer.ts';
import type { PromptAudioCache, PromptKey } from '../audio/prompt-audio-cache.ts';
import { splitSentences } from '../audio/sentence-splitter.ts';
import type { MediaLeg, PcmFrame } from './media-leg.ts';

export interface SayItem {
  text: string;
  /** BCP-47 tag for the provider. */
  language: string;
  interruptible: boolean;
  /** Static prompt: the audio may come from, and goes into, the prompt cache. */
  cacheable: boolean;
  /** First TTS audio of the item's first sentence, `ms` after its request (0 from the cache). */
  onFirstByte?: (ms: number, cached: boolean) => void;
  /** The item's first frame was handed to the leg. */
  onFirstFrame?: (at: number) => void;
}

export interface PromptSpeakerOptions {
  leg: MediaLeg;
  tts: TtsProvider;
  cache: PromptAudioCache;
  voice?: string;
  now: () => number;
  logger: Logger;
  /** Told of every agent frame and of barge-in drops (the recording, the listen-in mix). */
  recording?: AgentAudioSink;
}

/** Where the agent's audio goes besides the leg, with the time each frame is expected to play. */
export interface AgentAudioSink {
  agent(frame: PcmFrame, playAt: number): void;
  cleared(now: number): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Speaks say commands in order: each is split into sentences, each sentence synthesised (or taken from the
 * prompt cache) and cut into 20 ms frames for the leg. The leg queues and paces them, so the first sentence
 * plays while the next is synthesised. Barge-in aborts the synthesis and drops what the leg still holds.
 */
export class PromptSpeaker {
  private readonly queue: SayItem[] = [];
  private current: SayItem | null = null;
  private running = false;
  private abort = new AbortController();
  /** Estimated wall time when the audio queued so far finishes playing. */
  private playoutEnd = 0;
  private nonInterruptibleUntil = 0;
  private closed = false;

  constructor(private readonly options: PromptSpeakerOptions) {}

  say(item: SayItem): void {
    if (this.closed) return;
    this.queue.push(item);
    if (!this.running) void this.run();
  }

  /** Audio is being synthesised, queued or played. */
  get busy(): boolean {
    return this.running || this.options.leg.queuedFrames > 0;
  }

  /** Whether what is playing now may be cut off by the caller. */
  get interruptible(): boolean {
    if (this.options.now() < this.nonInterruptibleUntil) return false;
    return (this.current?.interruptible ?? true) && this.queue.every((item) => item.interruptible);
  }

  /** Stops synthesis and drops everything queued (barge-in). Returns the frames dropped by the leg. */
  interrupt(): number {
    this.abort.abort();
    this.abort = new AbortController();
    this.queue.length = 0;
    const dropped = this.options.leg.clearPlayback();
    const now = this.options.now();
    this.playoutEnd = now;
    this.nonInterruptibleUntil = 0;
    this.options.recording?.cleared(now);
    return dropped;
  }

  /** Resolves when everything said so far has been played out (or the speaker was closed). */
  async idle(): Promise<void> {
    while (!this.closed && this.busy) await sleep(20);
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
    this.queue.length = 0;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let item = this.queue.shift(); item && !this.closed; item = this.queue.shift()) {
        this.current = item;
        const signal = this.abort.signal;
        try {
          await this.speak(item, signal);
        } catch (error) {
          if (!signal.aborted)
            this.options.logger.error(
              { err: error, text: item.text.slice(0, 80) },
              'prompt synthesis failed',
            );
        }
      }
    } finally {
      this.current = null;
      this.running = false;
    }
  }

  private async speak(item: SayItem, signal: AbortSignal): Promise<void> {
    const { leg, tts, cache } = this.options;
    const framer = new PcmFramer(frameSamplesAt(leg.sampleRate));
    let first = true;
    const emit = (frames: Int16Array[]) => {
      for (const frame of frames) {
        if (signal.aborted) return;
        this.play(frame, item, first);
        first = false;
      }
    };
    const sentences = splitSentences(item.text);
    for (const [index, sentence] of sentences.entries()) {
      if (signal.aborted) return;
      const key: PromptKey = {
        provider: tts.id,
        text: sentence,
        language: item.language,
        ...(this.options.voice ? { voice: this.options.voice } : {}),
        sampleRate: leg.sampleRate,
      };
      const cached = item.cacheable ? cache.get(key) : undefined;
      if (cached) {
        if (index === 0) item.onFirstByte?.(0, true);
        emit(framer.push(cached));
      } else {
        const requestedAt = this.options.now();
        const parts: Int16Array[] = [];
        for await (const chunk of tts.synthesize({
          text: sentence,
          language: item.language,
          ...(this.options.voice ? { voice: this.options.voice } : {}),
          sampleRate: leg.sampleRate as TtsSampleRate,
          signal,
        })) {
          if (signal.aborted) return;
          if (index === 0 && parts.length === 0) item.onFirstByte?.(this.options.now() - requestedAt, false);
          parts.push(chunk);
          emit(framer.push(chunk));
        }
        if (item.cacheable && !signal.aborted) cache.set(key, concatInt16(parts));
      }
      // Each sentence ends on a whole frame: the padding is a few ms of silence between sentences.
      const tail = framer.flush();
      if (tail) emit([tail]);
    }
  }

  private play(frame: PcmFrame, item: SayItem, first: boolean): void {
    const now = this.options.now();
    const at = Math.max(now, this.playoutEnd);
    this.playoutEnd = at + 20;
    if (!item.interruptible) this.nonInterruptibleUntil = this.playoutEnd;
    this.options.leg.play(frame);
    this.options.recording?.agent(frame, at);
    if (first) item.onFirstFrame?.(now);
  }
}
