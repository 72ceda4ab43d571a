/**
 * Cuts PCM chunks of any length into frames of exactly `frameSamples`. TTS providers hand over chunks of
 * whatever size they like; a MediaLeg wants 20 ms frames, and a frame cut short would play as a click.
 */
export class PcmFramer {
  private pending: Int16Array;
  private filled = 0;

  constructor(readonly frameSamples: number) {
    this.pending = new Int16Array(frameSamples);
  }

  /** Returns the whole frames completed by this chunk; the remainder waits for the next one. */
  push(chunk: Int16Array): Int16Array[] {
    const frames: Int16Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameSamples - this.filled, chunk.length - offset);
      this.pending.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameSamples) {
        frames.push(this.pending);
        this.pending = new Int16Array(this.frameSamples);
        this.filled = 0;
      }
    }
    return frames;
  }

  /** The last partial frame, padded with silence; null when nothing is pending. */
  flush(): Int16Array | null {
    if (this.filled === 0) return null;
    const frame = this.pending; // the unfilled tail is already zero
    this.pending = new Int16Array(this.frameSamples);
    this.filled = 0;
    return frame;
  }
}

/** Samples in one 20 ms frame at a leg's rate. */
export const frameSamplesAt = (sampleRate: number): number => (sampleRate * 20) / 1000;
