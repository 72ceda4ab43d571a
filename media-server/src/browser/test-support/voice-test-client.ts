/**
 * A scripted browser for voice tests and benches: a real WebSocket to /voice/v1/ws that records every
 * frame and message with its arrival time and can stream PCM in real time, as a microphone would.
 */
import { WebSocket } from 'ws';
import { rms } from '../../audio/pcm.ts';
import { serverMessageSchema, type ServerMessage } from '../browser-messages.ts';

export interface ReceivedFrame {
  at: number;
  rms: number;
  samples: number;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class VoiceTestClient {
  readonly frames: ReceivedFrame[] = [];
  readonly messages: Array<{ at: number; message: ServerMessage }> = [];
  readonly closed: Promise<number>;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const at = now();
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        const pcm = new Int16Array(bytes.length >> 1);
        for (let i = 0; i < pcm.length; i += 1) pcm[i] = bytes.readInt16LE(i * 2);
        this.frames.push({ at, rms: rms(pcm), samples: pcm.length });
      } else {
        this.messages.push({ at, message: serverMessageSchema.parse(JSON.parse(bytes.toString('utf8'))) });
      }
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        resolve(code);
        for (const wake of this.waiters) wake();
      }),
    );
  }

  /** Resolves once open; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string): Promise<VoiceTestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new VoiceTestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Waits until `check` returns a value (re-checked on every frame and message). */
  async until<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      const left = deadline - now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 50));
        this.waiters.add(wake);
      });
    }
  }

  message<T extends ServerMessage['type']>(
    type: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    after = 0,
  ): { at: number; message: Extract<ServerMessage, { type: T }> } | undefined {
    return this.messages.find(
      (m): m is { at: number; message: Extract<ServerMessage, { type: T }> } =>
        m.at >= after && m.message.type === type && match(m.message as Extract<ServerMessage, { type: T }>),
    );
  }

  /** Arrival time of the first frame louder than `level` after `after`. */
  firstAudioAfter(after: number, level = 300): number | undefined {
    return this.frames.find((f) => f.at >= after && f.rms > level)?.at;
  }

  send(pcm: Int16Array): void {
    if (this.open) this.ws.send(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), { binary: true });
  }

  dtmf(digit: string): void {
    this.ws.send(JSON.stringify({ type: 'dtmf', digit }));
  }

  hangup(): void {
    this.ws.send(JSON.stringify({ type: 'hangup' }));
  }

  close(): void {
    this.ws.close();
  }

  /**
   * Streams PCM as 20 ms frames on a 20 ms clock (drift-corrected), like a microphone. Returns the send
   * time of every frame. Stops early if the socket closes.
   */
  async stream(pcm: Int16Array, frameSamples = 320, speed = 1): Promise<number[]> {
    const sentAt: number[] = [];
    const start = now();
    for (let i = 0, n = 0; i < pcm.length && this.open; i += frameSamples, n += 1) {
      const frame = new Int16Array(frameSamples);
      frame.set(pcm.subarray(i, i + frameSamples));
      const due = start + (n * 20) / speed;
      const wait = due - now();
      if (wait > 1) await sleep(wait);
      sentAt.push(now());
      this.send(frame);
    }
    return sentAt;
  }
}

/** Silence of `ms` at 16 kHz. */
export const silence = (ms: number) => new Int16Array((16_000 * ms) / 1000);
