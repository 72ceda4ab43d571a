import { EventEmitter } from 'node:events';
import type { LegEndReason, LegEvents, MediaLeg } from '../call/media-leg.ts';

/**
 * A routed call whose media could not be set up (FreeSWITCH down, caller cancelled): handed to the
 * route like any leg and ended at once, so its admission and connection slot are released and the
 * attempt is on record.
 */
export class FailedLeg implements MediaLeg {
  readonly sampleRate = 8000;
  readonly queuedFrames = 0;
  private readonly emitter = new EventEmitter();

  constructor(
    readonly callId: string,
    readonly from: string,
    readonly to: string,
    reason: LegEndReason,
  ) {
    setImmediate(() => this.emitter.emit('ended', reason));
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.on(event, listener);
  }

  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.off(event, listener);
  }

  play(): void {}

  clearPlayback(): number {
    return 0;
  }

  async sendDtmf(): Promise<void> {}

  async transfer(): Promise<void> {
    throw new Error('the call was not set up');
  }

  async hangup(): Promise<void> {}
}
