/**
 * Records a call as one stereo WAV: caller on the left, agent on the right, sample-aligned. Audio is
 * placed by absolute sample position, and only positions older than the playout point are final (queued
 * agent audio can still be dropped by barge-in), so the recorder keeps the unsettled tail in memory and
 * streams the settled head to disk: memory stays small however long the call.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';

/** WAV is little-endian; so are the machines we run on, where a typed view writes it as it is. */
const LITTLE_ENDIAN = endianness() === 'LE';

/** One channel's unsettled samples, from absolute position `base`. */
class Track {
  base = 0;
  end = 0; // absolute end of written audio
  private data = new Int16Array(16_000);

  write(at: number, pcm: Int16Array): void {
    const from = Math.max(at, this.base);
    const skip = from - at;
    if (skip >= pcm.length) return;
    this.ensure(from + pcm.length - skip - this.base);
    this.data.set(pcm.subarray(skip), from - this.base);
    this.end = Math.max(this.end, from + pcm.length - skip);
  }

  /** Forgets audio at and after `at` (it was queued but never played). */
  truncate(at: number): void {
    if (at >= this.end) return;
    const from = Math.max(at, this.base);
    this.data.fill(0, from - this.base, this.end - this.base);
    this.end = from;
  }

  /** Removes and returns samples up to `upTo` (silence where nothing was written). */
  take(upTo: number): Int16Array {
    const count = Math.max(0, upTo - this.base);
    this.ensure(count);
    const out = this.data.slice(0, count);
    this.data.copyWithin(0, count);
    this.data.fill(0, Math.max(0, this.data.length - count));
    this.base += count;
    this.end = Math.max(this.end, this.base);
    return out;
  }

  private ensure(length: number): void {
    if (length <= this.data.length) return;
    const grown = new Int16Array(Math.max(length, this.data.length * 2));
    grown.set(this.data);
    this.data = grown;
  }
}

function header(sampleRate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(2, 22); // stereo
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 4, 28); // byte rate
  h.writeUInt16LE(4, 32); // block align
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export interface RecordingResult {
  path: string;
  sampleRate: number;
  durationMs: number;
}

export class StereoWavRecorder {
  private readonly caller = new Track();
  private readonly agent = new Track();
  private readonly out: WriteStream;
  private written = 0; // sample frames (L+R pairs) on disk
  private closed = false;
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    readonly sampleRate: number,
  ) {
    this.out = createWriteStream(path);
    this.out.on('error', (error) => (this.failure = error));
    // Sizes are unknown until the end; close() patches them.
    this.out.write(header(sampleRate, 0));
  }

  get callerEnd(): number {
    return this.caller.end;
  }

  writeCaller(at: number, pcm: Int16Array): void {
    if (!this.closed) this.caller.write(at, pcm);
  }

  writeAgent(at: number, pcm: Int16Array): void {
    if (!this.closed) this.agent.write(at, pcm);
  }

  truncateAgent(at: number): void {
    this.agent.truncate(at);
  }

  /** Writes everything before `upTo` to disk; later writes before it are ignored. */
  settle(upTo: number): void {
    if (this.closed || upTo <= this.written) return;
    const left = this.caller.take(upTo);
    const right = this.agent.take(upTo);
    const frames = upTo - this.written;
    const bytes = Buffer.alloc(frames * 4);
    if (LITTLE_ENDIAN) {
      // Interleaved through a typed view: a call settles 16,000 samples a second, per-sample
      // writeInt16LE calls were a visible part of the media server's CPU.
      const view = new Int16Array(bytes.buffer, bytes.byteOffset, frames * 2);
      for (let i = 0; i < frames; i += 1) {
        view[2 * i] = left[i] ?? 0;
        view[2 * i + 1] = right[i] ?? 0;
      }
    } else
      for (let i = 0; i < frames; i += 1) {
        bytes.writeInt16LE(left[i] ?? 0, i * 4);
        bytes.writeInt16LE(right[i] ?? 0, i * 4 + 2);
      }
    this.out.write(bytes);
    this.written = upTo;
  }

  /** Settles all audio (up to `endAt` at least) and finishes the file. */
  async close(endAt = 0): Promise<RecordingResult> {
    if (!this.closed) {
      this.settle(Math.max(endAt, this.caller.end, this.agent.end));
      this.closed = true;
      await new Promise<void>((resolve) => this.out.end(resolve));
      if (this.failure) throw this.failure;
      const file = await open(this.path, 'r+');
      try {
        await file.write(header(this.sampleRate, this.written * 4), 0, 44, 0);
      } finally {
        await file.close();
      }
    }
    return {
      path: this.path,
      sampleRate: this.sampleRate,
      durationMs: (this.written / this.sampleRate) * 1000,
    };
  }
}
