import type { PcmFrame } from '../call/media-leg.ts';

/** Receives the call's mix: one 20 ms frame of caller + agent audio at the leg's rate, in real time. */
export type ListenReceiver = (frame: PcmFrame) => void;

export interface ListenTapOptions {
  sampleRate: 8000 | 16000;
  /** The call's clock (the one the speaker stamps agent frames with). */
  now: () => number;
}

const FRAME_MS = 20;
/** The caller's frames are held at most this long before the oldest are dropped (a burst after a stall). */
const MAX_CALLER_BACKLOG = 10;
/** Agent frames whose playout time is this far behind the mix are dropped (the mix fell behind). */
const STALE_AGENT_MS = 200;

/**
 * What a supervisor hears of a call: both sides mixed into one mono stream. The caller's frames are taken in
 * the order they arrive; the agent's frames sit where the speaker estimated their playout (as the recording
 * places them), and barge-in removes what was dropped. Passive until someone listens: with no receiver
 * nothing is kept and no timer runs.
 */
export class ListenTap {
  private readonly receivers = new Map<ListenReceiver, () => void>();
  private readonly callerFrames: PcmFrame[] = [];
  private agentFrames: { at: number; frame: PcmFrame }[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private mixedUntil = 0;
  private ended = false;
  private readonly samples: number;

  constructor(private readonly options: ListenTapOptions) {
    this.samples = (options.sampleRate * FRAME_MS) / 1000;
  }

  get sampleRate(): 8000 | 16000 {
    return this.options.sampleRate;
  }

  get listeners(): number {
    return this.receivers.size;
  }

  /**
   * Starts sending the mix to `receiver`, and `onEnd` when the call ends; returns the function that stops it.
   * A call that has already ended calls `onEnd` at once.
   */
  listen(receiver: ListenReceiver, onEnd: () => void): () => void {
    if (this.ended) {
      onEnd();
      return () => undefined;
    }
    this.receivers.set(receiver, onEnd);
    if (!this.timer) {
      this.mixedUntil = this.options.now();
      // A 20 ms timer drifts: each tick mixes every frame that is due since the last, so the stream keeps time.
      this.timer = setInterval(() => this.pump(), FRAME_MS);
      this.timer.unref();
    }
    return () => this.stop(receiver);
  }

  caller(frame: PcmFrame): void {
    if (this.receivers.size === 0) return;
    this.callerFrames.push(frame);
    if (this.callerFrames.length > MAX_CALLER_BACKLOG) this.callerFrames.shift();
  }

  agent(frame: PcmFrame, playAt: number): void {
    if (this.receivers.size === 0) return;
    this.agentFrames.push({ at: playAt, frame });
  }

  /** Agent audio queued to play from `now` on was dropped (barge-in). */
  cleared(now: number): void {
    this.agentFrames = this.agentFrames.filter((f) => f.at < now);
  }

  /** The call is over: listeners are let go. */
  close(): void {
    this.ended = true;
    for (const [receiver, onEnd] of [...this.receivers]) {
      this.stop(receiver);
      onEnd();
    }
  }

  private stop(receiver: ListenReceiver): void {
    this.receivers.delete(receiver);
    if (this.receivers.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.callerFrames.length = 0;
    this.agentFrames = [];
  }

  private pump(): void {
    const now = this.options.now();
    while (this.mixedUntil + FRAME_MS <= now) {
      const at = this.mixedUntil;
      this.mixedUntil += FRAME_MS;
      this.agentFrames = this.agentFrames.filter((f) => f.at >= at - STALE_AGENT_MS);
      const agent =
        this.agentFrames[0] && this.agentFrames[0].at < at + FRAME_MS ? this.agentFrames.shift() : undefined;
      const mixed = mix(this.samples, this.callerFrames.shift(), agent?.frame);
      for (const receiver of this.receivers.keys()) receiver(mixed);
    }
  }
}

function mix(samples: number, a: PcmFrame | undefined, b: PcmFrame | undefined): PcmFrame {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i += 1) {
    const sum = (a?.[i] ?? 0) + (b?.[i] ?? 0);
    out[i] = sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum;
  }
  return out;
}
