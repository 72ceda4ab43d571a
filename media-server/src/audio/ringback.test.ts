import { describe, expect, it } from 'vitest';
import { phoneNumberOf } from '../sip-gateway/dial-transfer.ts';
import { ringbackFor, ringbackFrames } from './ringback.ts';

const level = (frames: Int16Array[]) =>
  Math.sqrt(frames.reduce((sum, f) => sum + f.reduce((s, x) => s + x * x, 0), 0) / (frames.length * 160));

describe('ringback', () => {
  it('rings 425 Hz for 1 s, then is silent for 4 s, in Russian', () => {
    const cadence = ringbackFor('ru-RU');
    expect(cadence).toMatchObject({ frequencies: [425], onMs: 1000, offMs: 4000 });
    const next = ringbackFrames(cadence, 8000);
    const period = Array.from({ length: 250 }, next);
    expect(level(period.slice(0, 50))).toBeGreaterThan(2000);
    expect(level(period.slice(50, 250))).toBe(0);
    // The cadence repeats.
    expect(level(Array.from({ length: 50 }, next))).toBeGreaterThan(2000);
  });

  it('uses the North American tone for English', () => {
    expect(ringbackFor('en')).toMatchObject({ frequencies: [440, 480], onMs: 2000, offMs: 4000 });
  });
});

describe('warm transfer targets', () => {
  it('tells numbers (dialled through a connection) from SIP addresses', () => {
    expect(phoneNumberOf('+7 (495) 123-45-67')).toBe('+7 (495) 123-45-67');
    expect(phoneNumberOf('tel:+74951234567')).toBe('+74951234567');
    expect(phoneNumberOf('sip:operator@10.0.0.9')).toBeNull();
    expect(phoneNumberOf('12')).toBeNull();
  });
});
