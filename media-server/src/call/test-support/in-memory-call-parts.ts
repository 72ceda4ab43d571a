/**
 * Doubles at the call pipeline's process boundaries, for CallSession unit tests: a media leg that keeps
 * its playback queue in memory and sends one frame each 20 ms of (fake) time, a tone "TTS", and a VAD that
 * hears loud audio as speech. The session, its parts, the runtime and the conversation store stay real.
 */
import { rms } from '../../audio/pcm.ts';
import { VAD_SAMPLE_RATE } from '../../audio/silero-vad.ts';
import type { VadFactory } from '../../audio/silero-vad.ts';
import type { TtsProvider } from '../../providers/tts/tts-provider.ts';
import type { LegEndReason, LegEvents, MediaLeg, PcmFrame, TransferRequest } from '../media-leg.ts';

const FRAME_MS = 20;

type Listeners = { [E in keyof LegEvents]: Set<LegEvents[E]> };

export class InMemoryLeg implements MediaLeg {
  readonly sampleRate = 8000 as const;
  readonly from = 'sip:+15550001@example.test';
  readonly to = 'sip:agent@example.test';
  /** Frames sent to the caller so far, and when (clock time) the queue last ran dry. */
  sentFrames = 0;
  drainedAt: number | undefined;
  /** Frames dropped by clearPlayback (barge-in). */
  clearedFrames = 0;
  readonly transfers: TransferRequest[] = [];
  readonly digitsSent: string[] = [];
  hungUpWith: LegEndReason | undefined;
  hungUpAt: number | undefined;
  /** What transfer() does: resolve, or reject as a refused REFER would. */
  transferOutcome: { ok: true } | { ok: false; error: string } = { ok: true };
  private queued = 0;
  private ended = false;
  private readonly listeners: Listeners = { audio: new Set(), dtmf: new Set(), ended: new Set() };
  private readonly pacer: ReturnType<typeof setInterval>;

  constructor(
    readonly callId: string,
    private readonly now: () => number,
  ) {
    // The transport's own clock: one frame out every 20 ms.
    this.pacer = setInterval(() => {
      if (this.queued === 0) return;
      this.queued -= 1;
      this.sentFrames += 1;
      if (this.queued === 0) this.drainedAt = this.now();
    }, FRAME_MS);
  }

  get queuedFrames(): number {
    return this.queued;
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    (this.listeners[event] as Set<LegEvents[E]>).add(listener);
  }

  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    (this.listeners[event] as Set<LegEvents[E]>).delete(listener);
  }

  play(frame: PcmFrame): void {
    if (!this.ended) this.queued += Math.ceil(frame.length / (this.sampleRate / 50));
  }

  clearPlayback(): number {
    const dropped = this.queued;
    this.queued = 0;
    this.clearedFrames += dropped;
    return dropped;
  }

  async sendDtmf(digit: string): Promise<void> {
    this.digitsSent.push(digit);
  }

  async transfer(request: TransferRequest): Promise<void> {
    this.transfers.push(request);
    if (!this.transferOutcome.ok) throw new Error(this.transferOutcome.error);
    this.end('transferred');
  }

  async hangup(reason: LegEndReason = 'local_hangup'): Promise<void> {
    this.hungUpWith ??= reason;
    this.hungUpAt ??= this.now();
    this.end(reason);
  }

  /** The caller: audio frames, a key press, or hanging up. */
  emit<E extends keyof LegEvents>(event: E, ...args: Parameters<LegEvents[E]>): void {
    if (this.ended) return;
    if (event === 'ended') {
      this.end(args[0] as LegEndReason);
      return;
    }
    for (const listener of this.listeners[event]) (listener as (...a: typeof args) => void)(...args);
  }

  close(): void {
    clearInterval(this.pacer);
  }

  private end(reason: LegEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.queued = 0;
    clearInterval(this.pacer);
    for (const listener of this.listeners.ended) listener(reason);
  }
}

/** One 20 ms frame at 8 kHz: a loud tone (speech, to the VAD below) or silence. */
export function callerFrame(loud: boolean): PcmFrame {
  const frame = new Int16Array(160);
  if (loud) for (let i = 0; i < frame.length; i += 1) frame[i] = Math.round(8000 * Math.sin(i / 3));
  return frame;
}

/** Speaks every text as `promptMs` of tone, at once (no network, no timers). */
export function toneTts(promptMs = 1000): TtsProvider & { spoken: string[] } {
  const spoken: string[] = [];
  return {
    id: 'tone-tts',
    spoken,
    async *synthesize(request) {
      spoken.push(request.text);
      const samples = Math.round((request.sampleRate * promptMs) / 1000);
      const chunk = Math.round(request.sampleRate / 10);
      for (let offset = 0; offset < samples; offset += chunk) {
        const part = new Int16Array(Math.min(chunk, samples - offset));
        for (let i = 0; i < part.length; i += 1) part[i] = Math.round(3000 * Math.sin((offset + i) / 5));
        yield part;
      }
      request.onUsage?.({ provider: 'tone-tts', characters: request.text.length, cached: false });
    },
  };
}

/** A VAD that calls loud audio speech: one probability per 32 ms window of 16 kHz audio, like Silero. */
export const energyVad: VadFactory = (inputRate) => {
  const WINDOW = 512;
  let pending = 0;
  return {
    push: async (frame) => {
      pending += frame.length * (VAD_SAMPLE_RATE / inputRate);
      const probability = rms(frame) > 1000 ? 0.95 : 0.02;
      const out: number[] = [];
      for (; pending >= WINDOW; pending -= WINDOW) out.push(probability);
      return out;
    },
  };
};
