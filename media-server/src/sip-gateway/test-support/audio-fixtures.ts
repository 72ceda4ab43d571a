import { readFileSync } from 'node:fs';
import { createEspeakTts } from '../../providers/tts/espeak-tts.ts';

export const FRAME = 160;

/** A sine tone cut into 20 ms frames at 8 kHz. */
export function toneFrames(hz: number, ms: number, amplitude = 8000): Int16Array[] {
  const frames: Int16Array[] = [];
  const total = Math.round((ms / 1000) * 8000);
  for (let start = 0; start < total; start += FRAME) {
    const frame = new Int16Array(FRAME);
    for (let i = 0; i < FRAME; i += 1)
      frame[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * (start + i)) / 8000));
    frames.push(frame);
  }
  return frames;
}

/** Spoken English at 8 kHz from the embedded espeak-ng, in 20 ms frames. */
export async function speechFrames(text: string): Promise<Int16Array[]> {
  const tts = createEspeakTts();
  const parts: Int16Array[] = [];
  for await (const chunk of tts.synthesize({
    text,
    language: 'en-US',
    sampleRate: 8000,
    signal: new AbortController().signal,
  }))
    parts.push(chunk);
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Int16Array(Math.ceil(total / FRAME) * FRAME);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  const frames: Int16Array[] = [];
  for (let i = 0; i < all.length; i += FRAME) frames.push(all.slice(i, i + FRAME));
  return frames;
}

export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** 16-bit PCM samples of a WAV file (any header layout: finds the data chunk). */
export function readWavSamples(path: string): Int16Array {
  const data = readFileSync(path);
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    let size = data.readUInt32LE(offset + 4);
    if (id === 'data') {
      if (size === 0 || offset + 8 + size > data.length) size = data.length - offset - 8; // unfinished header
      const bytes = data.subarray(offset + 8, offset + 8 + size - (size % 2));
      return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    }
    offset += 8 + size + (size % 2);
  }
  return new Int16Array(0);
}
