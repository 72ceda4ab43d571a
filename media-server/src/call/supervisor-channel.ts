import type { PcmFrame } from './media-leg.ts';

/**
 * How a supervisor joins a live call from the monitor (issue 20): `whisper` is heard by the operator only,
 * `barge` by the operator and the caller, `takeover` replaces the bot (which stops at once) and talks with
 * the caller.
 */
export type SuperviseMode = 'whisper' | 'barge' | 'takeover';

/** Frames held for a side at most (a burst after a stall is cut rather than delayed). */
const MAX_BACKLOG = 10;

/**
 * The supervisor's voice on its way into a call: frames wait here per side and are mixed into the audio that
 * side already receives (the operator hears the caller, the caller hears the operator), one frame of each per
 * frame, so the receiving leg never gets two streams queued one after the other.
 */
export class SupervisorChannel {
  private readonly toOperator: PcmFrame[] = [];
  private readonly toCaller: PcmFrame[] = [];

  constructor(
    readonly mode: SuperviseMode,
    readonly userId: string,
  ) {}

  /** A frame of the supervisor's microphone, at the call's rate. */
  push(frame: PcmFrame): void {
    if (this.mode === 'takeover') return; // a take-over speaks straight to the caller (see CallSession)
    hold(this.toOperator, frame);
    if (this.mode === 'barge') hold(this.toCaller, frame);
  }

  /** What the operator receives: the caller's frame with the supervisor's voice in it. */
  forOperator(frame: PcmFrame): PcmFrame {
    return mixFrames(frame, this.toOperator.shift());
  }

  /** What the caller receives: the operator's frame with the supervisor's voice in it (barge only). */
  forCaller(frame: PcmFrame): PcmFrame {
    return mixFrames(frame, this.toCaller.shift());
  }
}

function hold(queue: PcmFrame[], frame: PcmFrame): void {
  queue.push(frame);
  if (queue.length > MAX_BACKLOG) queue.shift();
}

/** Two frames summed with clipping; the first alone when there is no second. */
export function mixFrames(a: PcmFrame, b: PcmFrame | undefined): PcmFrame {
  if (!b) return a;
  const out = new Int16Array(a.length);
  for (let i = 0; i < a.length; i += 1) {
    const sum = a[i]! + (b[i] ?? 0);
    out[i] = sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum;
  }
  return out;
}
