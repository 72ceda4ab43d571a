import { join } from 'node:path';
import { StereoWavRecorder, type RecordingResult } from '../audio/stereo-wav-recorder.ts';
import type { PcmFrame } from './media-leg.ts';

/** A caller stream this far behind the wall clock stopped sending (a muted browser): skip ahead. */
const MAX_CALLER_LAG_MS = 200;

/**
 * Places both sides of a call on one timeline, counted from the call's start: the caller's frames follow
 * each other (the transport fills its gaps) unless the caller stopped sending; the agent's frames sit where
 * their playout was estimated to start. Audio that barge-in dropped is removed again.
 */
export class CallRecording {
  private readonly recorder: StereoWavRecorder;
  private callerCursor = 0;
  private otherCursor = -1;
  private sinceSettle = 0;

  constructor(
    dir: string,
    callId: string,
    private readonly startedAt: number,
    private readonly sampleRate: number,
  ) {
    const safeId = callId.replace(/[^A-Za-z0-9._-]/g, '_');
    this.recorder = new StereoWavRecorder(join(dir, `${safeId}.wav`), sampleRate);
  }

  private position(at: number): number {
    return Math.max(0, Math.round(((at - this.startedAt) * this.sampleRate) / 1000));
  }

  caller(frame: PcmFrame, now: number): void {
    const wallPosition = this.position(now) - frame.length;
    if (wallPosition - this.callerCursor > (MAX_CALLER_LAG_MS * this.sampleRate) / 1000)
      this.callerCursor = wallPosition;
    this.recorder.writeCaller(this.callerCursor, frame);
    this.callerCursor += frame.length;
    // Everything before both the caller's cursor and now is final: write it out about once a second.
    if (++this.sinceSettle >= 50) {
      this.sinceSettle = 0;
      this.recorder.settle(Math.min(this.callerCursor, this.position(now)));
    }
  }

  /**
   * After a warm transfer, the person the caller was handed to, on the agent's side: a continuous stream
   * like the caller's (frames follow each other; a stream that fell behind the wall clock skips ahead), so
   * jitter in when the frames arrive does not chop it.
   */
  other(frame: PcmFrame, now: number): void {
    const wallPosition = this.position(now) - frame.length;
    if (
      this.otherCursor < 0 ||
      wallPosition - this.otherCursor > (MAX_CALLER_LAG_MS * this.sampleRate) / 1000
    )
      this.otherCursor = wallPosition;
    this.recorder.writeAgent(this.otherCursor, frame);
    this.otherCursor += frame.length;
  }

  agent(frame: PcmFrame, playAt: number): void {
    this.recorder.writeAgent(this.position(playAt), frame);
  }

  /** Queued agent audio from `now` on was dropped before it played. */
  cleared(now: number): void {
    this.recorder.truncateAgent(this.position(now));
  }

  close(): Promise<RecordingResult> {
    return this.recorder.close();
  }
}
