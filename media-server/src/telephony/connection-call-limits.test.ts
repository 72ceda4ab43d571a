import { describe, expect, it } from 'vitest';
import { ConnectionCallLimits } from './connection-call-limits.ts';

describe('per-connection call limits', () => {
  it('refuses beyond the limit, frees a slot once per release, and 0 means no limit', () => {
    const limits = new ConnectionCallLimits();
    const first = limits.tryAcquire('c1', 2);
    const second = limits.tryAcquire('c1', 2);
    expect(first && second).toBeTruthy();
    expect(limits.tryAcquire('c1', 2)).toBe(false);
    expect(limits.tryAcquire('c2', 2)).toBeTruthy(); // another connection has its own count
    if (first) {
      first();
      first(); // a second release of the same slot changes nothing
    }
    expect(limits.count('c1')).toBe(1);
    expect(limits.tryAcquire('c1', 2)).toBeTruthy();
    for (let i = 0; i < 100; i += 1) expect(limits.tryAcquire('c3', 0)).toBeTruthy();
  });
});
