import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DtmfCollector } from './dtmf-collector.ts';

describe('DtmfCollector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('completes at max digits, at the terminator, or after the inter-digit pause', () => {
    const got: string[] = [];
    const dtmf = new DtmfCollector((d) => got.push(d));
    dtmf.arm({ maxDigits: 2, interDigitTimeoutMs: 1000 });
    dtmf.press('1');
    dtmf.press('2');
    dtmf.arm({ terminator: '#', interDigitTimeoutMs: 1000 });
    dtmf.press('4');
    dtmf.press('2');
    dtmf.press('#');
    dtmf.arm({ interDigitTimeoutMs: 1000 });
    dtmf.press('7');
    vi.advanceTimersByTime(999);
    dtmf.press('8');
    vi.advanceTimersByTime(1000);
    expect(got).toEqual(['12', '42', '78']);
  });

  it('ignores digits when not armed and reports a bare terminator', () => {
    const got: string[] = [];
    const dtmf = new DtmfCollector((d) => got.push(d));
    expect(dtmf.press('1')).toBe(false);
    dtmf.arm({ terminator: '#', interDigitTimeoutMs: 1000 });
    dtmf.press('#');
    expect(dtmf.press('5')).toBe(false); // disarmed once complete
    expect(got).toEqual(['#']);
  });
});
