import { EventEmitter } from 'node:events';
import { PcmFramer } from '../audio/pcm-framer.ts';
import { StreamingResampler } from '../audio/resampler.ts';
import type { LegEvents, MediaLeg, PcmFrame, TransferRequest } from './media-leg.ts';

const FRAME_MS = 20;

/**
 * Another leg seen at a different sample rate: an operator's 16 kHz browser leg bridged to an 8 kHz phone
 * caller. Audio both ways goes through a streaming resampler (band-limited, no clicks at frame borders) and
 * is cut back into whole 20 ms frames; everything else is the inner leg's.
 */
export class RateAdaptedLeg implements MediaLeg {
  private readonly emitter = new EventEmitter();
  private readonly inbound: StreamingResampler;
  private readonly outbound: StreamingResampler;
  private readonly inFramer: PcmFramer;
  private readonly outFramer: PcmFramer;

  constructor(
    private readonly inner: MediaLeg,
    readonly sampleRate: 8000 | 16000,
  ) {
    this.inbound = new StreamingResampler(inner.sampleRate, sampleRate);
    this.outbound = new StreamingResampler(sampleRate, inner.sampleRate);
    this.inFramer = new PcmFramer((sampleRate * FRAME_MS) / 1000);
    this.outFramer = new PcmFramer((inner.sampleRate * FRAME_MS) / 1000);
    inner.on('audio', (frame) => {
      for (const out of this.inFramer.push(this.inbound.push(frame))) this.emitter.emit('audio', out);
    });
    inner.on('dtmf', (digit) => this.emitter.emit('dtmf', digit));
    inner.on('ended', (reason) => this.emitter.emit('ended', reason));
  }

  get callId(): string {
    return this.inner.callId;
  }
  get from(): string {
    return this.inner.from;
  }
  get to(): string {
    return this.inner.to;
  }
  get queuedFrames(): number {
    return this.inner.queuedFrames;
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.on(event, listener);
  }

  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.off(event, listener);
  }

  play(frame: PcmFrame): void {
    for (const out of this.outFramer.push(this.outbound.push(frame))) this.inner.play(out);
  }

  clearPlayback(): number {
    return this.inner.clearPlayback();
  }

  sendDtmf(digit: string): Promise<void> {
    return this.inner.sendDtmf(digit);
  }

  transfer(request: TransferRequest): Promise<void> {
    return this.inner.transfer(request);
  }

  hangup(reason?: Parameters<MediaLeg['hangup']>[0]): Promise<void> {
    return this.inner.hangup(reason);
  }
}

/** The leg as it is when the rates match, else adapted to `sampleRate`. */
export function atRate(leg: MediaLeg, sampleRate: 8000 | 16000): MediaLeg {
  return leg.sampleRate === sampleRate ? leg : new RateAdaptedLeg(leg, sampleRate);
}
