/** 16-bit signed mono PCM helpers. Wire formats (WAV, provider bodies) are little-endian. */

export function int16ToLeBytes(pcm: Int16Array): Buffer {
  const out = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i += 1) out.writeInt16LE(pcm[i] ?? 0, i * 2);
  return out;
}

/** Decodes whole samples; returns the odd trailing byte (if any) so a stream can carry it to the next chunk. */
export function leBytesToInt16(bytes: Uint8Array): { samples: Int16Array; rest: Uint8Array } {
  const whole = bytes.length - (bytes.length % 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, whole);
  const samples = new Int16Array(whole / 2);
  for (let i = 0; i < samples.length; i += 1) samples[i] = view.getInt16(i * 2, true);
  return { samples, rest: bytes.subarray(whole) };
}

export function concatInt16(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Root mean square in sample units (0..32767): the loudness figure tests and VAD-free checks use. */
export function rms(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return Math.sqrt(sum / pcm.length);
}

export function durationMs(samples: number, sampleRate: number): number {
  return (samples / sampleRate) * 1000;
}

/** Splits PCM into pieces of at most `maxSamples` (views, no copy). */
export function* framesOf(pcm: Int16Array, maxSamples: number): Generator<Int16Array> {
  for (let start = 0; start < pcm.length; start += maxSamples) yield pcm.subarray(start, start + maxSamples);
}

/** Turns a byte stream into Int16 chunks, carrying odd bytes across chunk boundaries. */
export async function* int16FromByteStream(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Int16Array> {
  let carry: Uint8Array = new Uint8Array(0);
  for await (const chunk of stream) {
    const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const { samples, rest } = leBytesToInt16(joined);
    carry = Uint8Array.from(rest);
    if (samples.length > 0) yield samples;
  }
}
