import { describe, expect, it } from 'vitest';
import { concatInt16, rms } from './pcm';
import { resample, StreamingResampler } from './resampler';

function tone(freq: number, rate: number, seconds: number, amplitude = 10_000): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i += 1)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}

function zeroCrossings(pcm: Int16Array): number {
  let n = 0;
  for (let i = 1; i < pcm.length; i += 1) if ((pcm[i - 1] ?? 0) < 0 !== (pcm[i] ?? 0) < 0) n += 1;
  return n;
}

describe('resampler', () => {
  it('keeps duration, pitch and level when downsampling 22050 -> 8000', () => {
    const out = resample(tone(440, 22_050, 1), 22_050, 8_000);
    expect(out.length).toBe(8_000);
    expect(zeroCrossings(out) / 2).toBeCloseTo(440, -1);
    const middle = out.subarray(1_000, 7_000);
    expect(rms(middle)).toBeGreaterThan((10_000 / Math.SQRT2) * 0.97);
    expect(rms(middle)).toBeLessThan((10_000 / Math.SQRT2) * 1.03);
  });

  it('removes content above the new Nyquist instead of aliasing it', () => {
    const out = resample(tone(6_000, 22_050, 1), 22_050, 8_000);
    expect(rms(out.subarray(500, 7_500))).toBeLessThan(100); // > 40 dB down from ~7071
  });

  it('upsamples 8000 -> 16000 and 24000 -> 16000', () => {
    const up = resample(tone(300, 8_000, 0.5), 8_000, 16_000);
    expect(up.length).toBe(8_000);
    expect(zeroCrossings(up) / 2 / 0.5).toBeCloseTo(300, -1);
    const down = resample(tone(1_000, 24_000, 0.5), 24_000, 16_000);
    expect(down.length).toBe(8_000);
  });

  it('gives the same result streamed in odd-sized chunks as in one go', () => {
    const input = tone(523, 22_050, 0.3);
    const whole = resample(input, 22_050, 8_000);
    const streaming = new StreamingResampler(22_050, 8_000);
    const parts: Int16Array[] = [];
    for (let i = 0; i < input.length; i += 777) parts.push(streaming.push(input.subarray(i, i + 777)));
    parts.push(streaming.flush());
    expect(Array.from(concatInt16(parts))).toEqual(Array.from(whole));
  });
});
