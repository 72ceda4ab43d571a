import { describe, expect, it } from 'vitest';
import { formatForCarrier } from './caller-id';
import { normaliseNumberAddress } from './phone-number-input';
import { isOpen, workingHoursInput } from './working-hours';

describe('working hours', () => {
  const hours = workingHoursInput.parse({
    timezone: 'Europe/Moscow',
    days: { mon: [['09:00', '18:00']], sat: [['10:00', '14:00']] },
  });

  it('reads the clock in the number’s time zone', () => {
    // Monday 2026-11-30 06:30 UTC is 09:30 in Moscow (UTC+3): open.
    expect(isOpen(hours, new Date('2026-11-30T06:30:00Z'))).toBe(true);
    // 05:59 UTC is 08:59 in Moscow: closed; 15:00 UTC is 18:00: closed (end exclusive).
    expect(isOpen(hours, new Date('2026-11-30T05:59:00Z'))).toBe(false);
    expect(isOpen(hours, new Date('2026-11-30T15:00:00Z'))).toBe(false);
    // Sunday: no intervals, closed all day.
    expect(isOpen(hours, new Date('2026-12-06T09:00:00Z'))).toBe(false);
    expect(isOpen(hours, new Date('2026-12-05T08:00:00Z'))).toBe(true);
  });

  it('refuses unknown zones and intervals that end before they start', () => {
    expect(workingHoursInput.safeParse({ timezone: 'Mars/Base', days: {} }).success).toBe(false);
    expect(
      workingHoursInput.safeParse({ timezone: 'UTC', days: { mon: [['18:00', '09:00']] } }).success,
    ).toBe(false);
  });
});

describe('addresses and caller ID', () => {
  it('normalises usual writings to E.164 and SIP addresses to their user part', () => {
    expect(normaliseNumberAddress('8 (495) 123-45-67')).toEqual({
      ok: true,
      address: '+74951234567',
      kind: 'e164',
    });
    expect(normaliseNumberAddress('+44 20 7946 0958')).toMatchObject({ ok: true, address: '+442079460958' });
    expect(normaliseNumberAddress('sip:Reception@pbx.example')).toEqual({
      ok: true,
      address: 'reception',
      kind: 'sip',
    });
    expect(normaliseNumberAddress('sip:+74951234567@carrier')).toMatchObject({ address: '+74951234567' });
    expect(normaliseNumberAddress('+7 123').ok).toBe(false);
    expect(normaliseNumberAddress('no spaces allowed').ok).toBe(false);
  });

  it('writes numbers the way the carrier wants them', () => {
    expect(formatForCarrier('+74951234567', 'e164')).toBe('+74951234567');
    expect(formatForCarrier('+74951234567', 'digits')).toBe('74951234567');
    expect(formatForCarrier('+74951234567', 'national8')).toBe('84951234567');
    expect(formatForCarrier('+442079460958', 'national8')).toBe('442079460958');
    expect(formatForCarrier('reception', 'digits')).toBe('reception');
  });
});
