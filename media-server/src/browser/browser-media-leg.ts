import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { Logger } from '#server/logger.ts';
import { PcmFramer } from '../audio/pcm-framer.ts';
import type { LegEndReason, LegEvents, MediaLeg, PcmFrame, TransferRequest } from '../call/media-leg.ts';
import { BROWSER_SAMPLE_RATE, clientMessageSchema, type ServerMessage } from './browser-messages.ts';

const FRAME_MS = 20;
const FRAME_SAMPLES = (BROWSER_SAMPLE_RATE * FRAME_MS) / 1000;
/** Far more than a client should send in 20 ms; a flood is cut off rather than buffered. */
const MAX_BINARY_BYTES = 64 * 1024;

function int16FromLe(bytes: Buffer): Int16Array {
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i += 1) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

function int16ToLe(pcm: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(pcm.length * 2);
  for (let i = 0; i < pcm.length; i += 1) out.writeInt16LE(pcm[i] ?? 0, i * 2);
  return out;
}

/**
 * A browser call as a MediaLeg: PCM frames in from the socket (re-cut into 20 ms frames), frames out paced
 * by our own 20 ms clock (corrected for timer drift; nothing is sent while the queue is empty, the browser
 * plays silence), DTMF and hangup as JSON messages. The first frame after an idle period goes out at once.
 */
export class BrowserMediaLeg implements MediaLeg {
  readonly sampleRate = BROWSER_SAMPLE_RATE;
  private readonly emitter = new EventEmitter();
  private readonly framer = new PcmFramer(FRAME_SAMPLES);
  private carry: Buffer = Buffer.alloc(0);
  private readonly queue: PcmFrame[] = [];
  private pacer: ReturnType<typeof setTimeout> | undefined;
  private nextSendAt = 0;
  private endedWith: LegEndReason | null = null;
  /** An operator's leg: what to do when they hand the caller back to the bot (other legs ignore it). */
  onReturn: ((nodeId: string, variables: Record<string, string>) => void) | undefined;

  constructor(
    private readonly ws: WebSocket,
    readonly callId: string,
    readonly from: string,
    readonly to: string,
    private readonly logger: Logger,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer | Buffer[] | ArrayBuffer, isBinary));
    ws.on('close', () => this.ended('remote_hangup'));
    ws.on('error', (error) => {
      this.logger.warn({ err: error, callId }, 'browser socket error');
      this.ended('error');
    });
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.on(event, listener);
  }

  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.off(event, listener);
  }

  get queuedFrames(): number {
    return this.queue.length;
  }

  play(frame: PcmFrame): void {
    if (this.endedWith) return;
    this.queue.push(frame);
    if (this.pacer === undefined) {
      this.nextSendAt = performance.now();
      this.tick();
    }
  }

  clearPlayback(): number {
    const dropped = this.queue.length;
    this.queue.length = 0;
    // The browser holds a little audio of its own for smooth playback; it must drop that too.
    this.send({ type: 'clear' });
    return dropped;
  }

  async sendDtmf(digit: string): Promise<void> {
    this.send({ type: 'dtmf', digit });
  }

  async transfer(request: TransferRequest): Promise<void> {
    throw new Error(`a browser call cannot be transferred (to ${request.target})`);
  }

  async hangup(reason: LegEndReason = 'local_hangup'): Promise<void> {
    if (this.endedWith) return;
    this.send({ type: 'ended', reason });
    this.ws.close(1000, 'call ended');
    this.ended(reason);
  }

  /** JSON events for the test console (transcripts, replies, state). */
  send(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private tick = (): void => {
    this.pacer = undefined;
    const frame = this.queue.shift();
    if (!frame || this.endedWith) return;
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(int16ToLe(frame), { binary: true });
    // Scheduled against the ideal timeline, so timer lateness does not accumulate into drift.
    this.nextSendAt += FRAME_MS;
    const now = performance.now();
    if (this.nextSendAt < now - FRAME_MS * 3) this.nextSendAt = now; // after a long stall, do not burst
    this.pacer = setTimeout(this.tick, Math.max(0, this.nextSendAt - now));
  };

  private onMessage(data: Buffer | Buffer[] | ArrayBuffer, isBinary: boolean): void {
    if (this.endedWith) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      if (bytes.length > MAX_BINARY_BYTES) {
        this.send({
          type: 'error',
          code: 'frame_too_large',
          message: 'Send at most 64 KB of audio at once.',
        });
        return;
      }
      const joined = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
      const whole = joined.length & ~1;
      this.carry = Buffer.from(joined.subarray(whole));
      for (const frame of this.framer.push(int16FromLe(joined.subarray(0, whole))))
        this.emitter.emit('audio', frame);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      this.send({ type: 'error', code: 'malformed_json', message: 'Text messages must be JSON.' });
      return;
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.send({
        type: 'error',
        code: 'unknown_message',
        message: 'Expected {type:"dtmf",digit} or {type:"hangup"}.',
      });
      return;
    }
    if (parsed.data.type === 'dtmf') this.emitter.emit('dtmf', parsed.data.digit);
    else if (parsed.data.type === 'return') this.onReturn?.(parsed.data.nodeId, parsed.data.variables ?? {});
    else void this.hangupByCaller();
  }

  private async hangupByCaller(): Promise<void> {
    this.ws.close(1000, 'caller hung up');
    this.ended('remote_hangup');
  }

  private ended(reason: LegEndReason): void {
    if (this.endedWith) return;
    this.endedWith = reason;
    clearTimeout(this.pacer);
    this.pacer = undefined;
    this.queue.length = 0;
    this.emitter.emit('ended', reason);
  }
}
