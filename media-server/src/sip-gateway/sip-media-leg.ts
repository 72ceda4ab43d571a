/** The MediaLeg a SIP call hands to the call pipeline: typed events over the call's RTP session. */
import { type Logger } from '#server/logger.ts';
import {
  type LegEndReason,
  type LegEvents,
  type MediaLeg,
  type PcmFrame,
  type TransferRequest,
} from '../call/media-leg.ts';
import { SAMPLES_PER_FRAME } from '../rtp/rtp-session.ts';

export interface LegControl {
  play(frame: PcmFrame): void;
  clearPlayback(): number;
  readonly queuedFrames: number;
  sendDtmf(digit: string): Promise<void>;
  transfer(request: TransferRequest): Promise<void>;
  hangup(reason: LegEndReason): Promise<void>;
}

type ListenerSets = { [E in keyof LegEvents]: Set<LegEvents[E]> };

export class SipMediaLeg implements MediaLeg {
  readonly sampleRate = 8000;
  private readonly listeners: ListenerSets = { audio: new Set(), dtmf: new Set(), ended: new Set() };
  private endedWith: LegEndReason | undefined;
  private cause: string | undefined;

  constructor(
    readonly callId: string,
    readonly from: string,
    readonly to: string,
    private readonly control: LegControl,
    private readonly logger: Logger,
  ) {}

  get ended(): boolean {
    return this.endedWith !== undefined;
  }

  get endCause(): string | undefined {
    return this.cause;
  }

  /** Called by the call when its dialog is over: the cause is readable by the time `ended` listeners run. */
  end(reason: LegEndReason, cause: string): void {
    if (this.endedWith !== undefined) return;
    this.cause = cause;
    this.emit('ended', reason);
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    (this.listeners[event] as Set<LegEvents[E]>).add(listener);
  }

  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    (this.listeners[event] as Set<LegEvents[E]>).delete(listener);
  }

  play(frame: PcmFrame): void {
    if (this.ended) return;
    if (frame.length === SAMPLES_PER_FRAME) {
      this.control.play(frame);
      return;
    }
    // The contract says 20 ms frames; anything else is cut into them (the tail padded with silence).
    for (let offset = 0; offset < frame.length; offset += SAMPLES_PER_FRAME) {
      const part = new Int16Array(SAMPLES_PER_FRAME);
      part.set(frame.subarray(offset, offset + SAMPLES_PER_FRAME));
      this.control.play(part);
    }
  }

  clearPlayback(): number {
    return this.control.clearPlayback();
  }

  get queuedFrames(): number {
    return this.control.queuedFrames;
  }

  sendDtmf(digit: string): Promise<void> {
    return this.control.sendDtmf(digit);
  }

  transfer(request: TransferRequest): Promise<void> {
    return this.control.transfer(request);
  }

  hangup(reason: LegEndReason = 'local_hangup'): Promise<void> {
    return this.control.hangup(reason);
  }

  /** Called by the call: delivers an event to every listener, isolating their failures. */
  emit<E extends keyof LegEvents>(event: E, ...args: Parameters<LegEvents[E]>): void {
    if (this.endedWith !== undefined) return;
    if (event === 'ended') this.endedWith = args[0] as LegEndReason;
    for (const listener of this.listeners[event]) {
      try {
        (listener as (...a: Parameters<LegEvents[E]>) => void)(...args);
      } catch (error) {
        this.logger.error({ err: error, event }, 'media leg listener failed');
      }
    }
  }
}
