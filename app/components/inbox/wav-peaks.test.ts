import { describe, expect, it } from 'vitest';
import { wavPeaks } from './wav-peaks';

/** A stereo 16-bit WAV: left loud in the first half, right loud in the second. */
function stereoWav(rate: number, frames: number): ArrayBuffer {
  const buffer = new ArrayBuffer(44 + frames * 4);
  const v = new DataView(buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + frames * 4, true);
  text(8, 'WAVEfmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 2, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 4, true);
  v.setUint16(32, 4, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, frames * 4, true);
  for (let f = 0; f < frames; f += 1) {
    v.setInt16(44 + f * 4, f < frames / 2 ? 16384 : 0, true);
    v.setInt16(46 + f * 4, f < frames / 2 ? 0 : -16384, true);
  }
  return buffer;
}

describe('wavPeaks', () => {
  it('gives per-channel peaks and the duration of a stereo recording', () => {
    const peaks = wavPeaks(stereoWav(8000, 16000), 4);
    expect(peaks?.durationMs).toBe(2000);
    expect(peaks?.channels[0]).toEqual([0.5, 0.5, 0, 0]);
    expect(peaks?.channels[1]).toEqual([0, 0, 0.5, 0.5]);
  });

  it('refuses what is not a 16-bit WAV', () => {
    expect(wavPeaks(new ArrayBuffer(10), 4)).toBeNull();
    expect(wavPeaks(new TextEncoder().encode('x'.repeat(64)).buffer, 4)).toBeNull();
  });
});
