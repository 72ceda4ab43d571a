import { describe, expect, it } from 'vitest';
import { g711Decode, g711Encode, g711SilenceByte } from './g711.ts';

describe('G.711', () => {
  it.each(['PCMU', 'PCMA'] as const)('%s round-trips every sample within the quantisation step', (codec) => {
    const all = new Int16Array(65536);
    for (let i = 0; i < all.length; i += 1) all[i] = i - 32768;
    const decoded = g711Decode(codec, g711Encode(codec, all));
    const violations: number[] = [];
    for (let i = 0; i < all.length; i += 1) {
      const x = all[i] ?? 0;
      const err = Math.abs((decoded[i] ?? 0) - x);
      // Logarithmic companding: the error grows with the magnitude, about 1/16 of it at worst.
      if (err > Math.max(18, Math.abs(x) / 15)) violations.push(x);
    }
    expect(violations).toEqual([]);
  });

  it('uses the standard silence bytes and known code points', () => {
    expect(g711SilenceByte('PCMU')).toBe(0xff);
    expect(g711SilenceByte('PCMA')).toBe(0xd5);
    expect(g711Decode('PCMU', Buffer.from([0xff]))[0]).toBe(0);
    expect(g711Encode('PCMU', new Int16Array([0]))[0]).toBe(0xff);
    expect(g711Encode('PCMA', new Int16Array([0]))[0]).toBe(0xd5);
    expect(g711Decode('PCMU', Buffer.from([0x00]))[0]).toBe(-32124);
    expect(g711Decode('PCMA', Buffer.from([0xaa]))[0]).toBe(32256);
  });
});
