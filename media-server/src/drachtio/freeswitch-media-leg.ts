import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { Logger } from '#server/logger.ts';
import { PcmFramer } from '../audio/pcm-framer.ts';
import type { LegEndReason, LegEvents, MediaLeg, PcmFrame, TransferRequest } from '../call/media-leg.ts';
import type { DialTransfer } from '../call/warm-transfer.ts';
import { causeOfOurBye } from '../sip-gateway/end-cause.ts';
import type { EslMessage } from './esl-protocol.ts';

const SAMPLE_RATE = 8000;
const FRAME_MS = 20;
const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;
/** Audio goes to FreeSWITCH as files (mod_audio_fork writes each playAudio to one); up to 1 s per file. */
const MAX_CHUNK_FRAMES = 50;
const MAX_FORK_BYTES = 64 * 1024;
/** TTS hands over a sentence within a few ms; waiting this long first keeps its first file whole. */
const GATHER_MS = 40;

/** What the leg needs from the signalling side (drachtio dialogs) and FreeSWITCH's event socket. */
export interface FreeSwitchLegControl {
  /** FreeSWITCH's channel for this call. */
  uuid: string;
  api(command: string): Promise<string>;
  /** BYE to the caller and to FreeSWITCH (the reason picks the BYE's Q.850 Reason). */
  bye(reason: LegEndReason): Promise<void>;
  /** REFER the caller to a target; resolves once the caller accepts it (2xx). */
  refer(target: string): Promise<void>;
  /** Warm transfers: FreeSWITCH originates the target's leg (see freeswitch-transfer.ts). */
  dialTransfer?: DialTransfer;
}

function int16ToLe(frames: PcmFrame[]): Buffer {
  const samples = frames.reduce((n, f) => n + f.length, 0);
  const out = Buffer.allocUnsafe(samples * 2);
  let at = 0;
  for (const frame of frames)
    for (let i = 0; i < frame.length; i += 1, at += 2) out.writeInt16LE(frame[i] ?? 0, at);
  return out;
}

/**
 * A call answered by FreeSWITCH (behind drachtio-server) as a MediaLeg. Caller audio arrives over the
 * mod_audio_fork WebSocket (L16 mono 8 kHz); our audio goes back over the same socket as `playAudio`
 * messages, which FreeSWITCH writes to files and announces with a `mod_audio_fork::play_audio` event that
 * we answer with `uuid_broadcast`. Chunks are paced by our clock so queuedFrames tells the pipeline what
 * is still to be heard; DTMF comes as FreeSWITCH DTMF events.
 */
export class FreeSwitchMediaLeg implements MediaLeg {
  readonly sampleRate = SAMPLE_RATE;
  private readonly emitter = new EventEmitter();
  private readonly framer = new PcmFramer(FRAME_SAMPLES);
  private carry: Buffer = Buffer.alloc(0);
  private readonly queue: PcmFrame[] = [];
  private fork: WebSocket | undefined;
  private pacer: ReturnType<typeof setTimeout> | undefined;
  /** When the chunk last sent ends playing, on our clock. */
  private chunkEndsAt = 0;
  /** Bumped by clearPlayback: play_audio events of older chunks are not broadcast. */
  private generation = 0;
  private endedWith: LegEndReason | null = null;
  private cause: string | undefined;
  private lastAudioAt = performance.now();
  private readonly watchdog: ReturnType<typeof setInterval>;

  constructor(
    readonly callId: string,
    readonly from: string,
    readonly to: string,
    private readonly control: FreeSwitchLegControl,
    private readonly logger: Logger,
    /** mod_audio_fork streams all the time (silence too): this long without a frame means the media is gone. */
    mediaTimeoutMs = 30_000,
  ) {
    this.watchdog = setInterval(
      () => {
        if (performance.now() - this.lastAudioAt < mediaTimeoutMs) return;
        this.logger.warn({ callId, mediaTimeoutMs }, 'no caller audio from FreeSWITCH; hanging up');
        void this.hangup('media_timeout');
      },
      Math.min(1000, mediaTimeoutMs),
    );
    this.watchdog.unref();
  }

  get uuid(): string {
    return this.control.uuid;
  }

  get ended(): boolean {
    return this.endedWith !== null;
  }

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.on(event, listener);
  }

  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void {
    this.emitter.off(event, listener);
  }

  get queuedFrames(): number {
    const playing = Math.max(0, Math.ceil((this.chunkEndsAt - performance.now()) / FRAME_MS));
    return this.queue.length + playing;
  }

  /** mod_audio_fork connected for this call: caller audio from now on, and our way back. */
  attachFork(ws: WebSocket): void {
    if (this.endedWith) {
      ws.close(1000, 'call ended');
      return;
    }
    this.fork?.close(1000, 'replaced');
    this.fork = ws;
    ws.on('message', (data, isBinary) => {
      if (!isBinary || this.endedWith) return; // the first text frame is our own metadata
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (bytes.length > MAX_FORK_BYTES) return;
      this.lastAudioAt = performance.now();
      const joined = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
      const whole = joined.length & ~1;
      this.carry = Buffer.from(joined.subarray(whole));
      const pcm = new Int16Array(whole >> 1);
      for (let i = 0; i < pcm.length; i += 1) pcm[i] = joined.readInt16LE(i * 2);
      for (const frame of this.framer.push(pcm)) this.emitter.emit('audio', frame);
    });
    ws.on('error', (error) => this.logger.warn({ err: error, callId: this.callId }, 'audio fork error'));
    if (this.queue.length > 0 && this.pacer === undefined) this.schedule();
  }

  /** FreeSWITCH events for this channel (the gateway dispatches by Unique-ID). */
  onEslEvent(event: EslMessage): void {
    if (this.endedWith) return;
    const name = event.headers.get('Event-Name');
    if (name === 'DTMF') {
      const digit = event.headers.get('DTMF-Digit');
      if (digit && /^[0-9*#A-D]$/i.test(digit)) this.emitter.emit('dtmf', digit.toUpperCase());
    } else if (name === 'CUSTOM' && event.headers.get('Event-Subclass') === 'mod_audio_fork::play_audio') {
      this.broadcast(event.body);
    } else if (name === 'CHANNEL_HANGUP') {
      // FreeSWITCH lost the media (or was told to hang up): the caller cannot hear us any more.
      void this.hangup('error');
    }
  }

  play(frame: PcmFrame): void {
    if (this.endedWith) return;
    this.queue.push(frame);
    if (this.pacer === undefined && this.fork) this.schedule();
  }

  /** From idle, waits a moment so a prompt's first frames go as one file, and never overlaps the last. */
  private schedule(): void {
    const wait = Math.max(GATHER_MS, this.chunkEndsAt - performance.now() - FRAME_MS);
    this.pacer = setTimeout(this.tick, wait);
  }

  clearPlayback(): number {
    const dropped = this.queuedFrames;
    this.queue.length = 0;
    this.chunkEndsAt = 0;
    this.generation += 1;
    clearTimeout(this.pacer);
    this.pacer = undefined;
    this.sendFork({ type: 'killAudio' });
    this.control.api(`uuid_break ${this.uuid} all`).catch((error: unknown) => {
      this.logger.warn({ err: error, callId: this.callId }, 'uuid_break failed');
    });
    return dropped;
  }

  async sendDtmf(digit: string): Promise<void> {
    if (!/^[0-9*#A-D]$/i.test(digit)) throw new Error(`not a DTMF digit: ${digit}`);
    await this.control.api(`uuid_send_dtmf ${this.uuid} ${digit}`);
  }

  get dialTransfer(): DialTransfer | undefined {
    return this.control.dialTransfer;
  }

  /** Joins this channel with another FreeSWITCH leg's inside FreeSWITCH (the audio forks keep streaming). */
  async bridgeMedia(other: MediaLeg): Promise<boolean> {
    if (!(other instanceof FreeSwitchMediaLeg) || this.ended || other.ended) return false;
    // Our queued audio would be played into the bridge: drop it first.
    this.clearPlayback();
    other.clearPlayback();
    await this.control.api(`uuid_bridge ${this.uuid} ${other.uuid}`);
    return true;
  }

  async transfer(request: TransferRequest): Promise<void> {
    // A transfer that reaches the leg becomes a REFER (warm ones are dialled and bridged by the session
    // through dialTransfer): FreeSWITCH holds only our media, the caller's dialog is drachtio's.
    await this.control.refer(request.target);
  }

  /** How the call ended at the SIP level (see sip-gateway/end-cause.ts), once it has. */
  get endCause(): string | undefined {
    return this.cause;
  }

  async hangup(reason: LegEndReason = 'local_hangup'): Promise<void> {
    if (this.endedWith) return;
    this.cause = causeOfOurBye(reason);
    this.end(reason);
    await this.control.bye(reason);
  }

  /** The caller (or FreeSWITCH) ended the call: no BYE from us on that side, its dialog is gone already. */
  remoteEnded(reason: LegEndReason, cause: string): void {
    if (this.endedWith) return;
    this.cause = cause;
    this.end(reason);
  }

  private tick = (): void => {
    this.pacer = undefined;
    if (this.endedWith || this.queue.length === 0) return;
    const now = performance.now();
    const chunk = this.queue.splice(0, MAX_CHUNK_FRAMES);
    const audio = int16ToLe(chunk);
    this.sendFork({
      type: 'playAudio',
      data: {
        audioContentType: 'raw',
        sampleRate: SAMPLE_RATE,
        audioContent: audio.toString('base64'),
        // Echoed in the play_audio event: tells a chunk cut by barge-in from a current one.
        textContent: `gen:${this.generation}`,
      },
    });
    const startsAt = Math.max(now, this.chunkEndsAt);
    this.chunkEndsAt = startsAt + chunk.length * FRAME_MS;
    // The next file is handed over as this one ends, so broadcasts never overlap.
    this.pacer = setTimeout(this.tick, Math.max(0, this.chunkEndsAt - now - FRAME_MS));
  };

  private broadcast(body: string): void {
    let file: string | undefined;
    let text: string | undefined;
    try {
      const parsed = JSON.parse(body) as { file?: unknown; textContent?: unknown };
      file = typeof parsed.file === 'string' ? parsed.file : undefined;
      text = typeof parsed.textContent === 'string' ? parsed.textContent : undefined;
    } catch {
      file = undefined;
    }
    if (!file || /\s/.test(file)) return;
    if (text !== `gen:${this.generation}`) return; // cut by a barge-in after it was sent
    this.control.api(`uuid_broadcast ${this.uuid} ${file} aleg`).catch((error: unknown) => {
      this.logger.warn({ err: error, callId: this.callId }, 'uuid_broadcast failed');
    });
  }

  private sendFork(message: object): void {
    if (this.fork && this.fork.readyState === this.fork.OPEN) this.fork.send(JSON.stringify(message));
  }

  private end(reason: LegEndReason): void {
    if (this.endedWith) return;
    this.endedWith = reason;
    clearInterval(this.watchdog);
    clearTimeout(this.pacer);
    this.pacer = undefined;
    this.queue.length = 0;
    this.fork?.close(1000, 'call ended');
    this.emitter.emit('ended', reason);
  }
}
