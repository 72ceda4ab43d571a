import { describe, expect, it } from 'vitest';
import { quietHoursRule, resolveRules } from '../../.server/compliance/compliance-rules.ts';
import { localTime } from '../../.server/compliance/local-time.ts';
import { russianHolidays } from './russian-holidays.ts';

describe('Russian public holidays in quiet hours', () => {
  it('knows the 2026 decree, and the general rule for other years', () => {
    const y2026 = russianHolidays(2026);
    expect(y2026.holidays).toEqual(
      expect.arrayContaining(['2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31']),
    );
    expect(y2026.holidays).not.toContain('2026-03-08');
    // 2028: 23 February is a Wednesday; 8 March a Wednesday; 9 May a Tuesday; 12 June a Monday; 4 November a
    // Saturday, so Monday 6 November is off.
    const y2028 = russianHolidays(2028);
    expect(y2028.holidays).toEqual(
      expect.arrayContaining(['2028-01-01', '2028-02-23', '2028-11-04', '2028-11-06']),
    );
    expect(y2028.holidays).toHaveLength(15);
  });

  it('calls on a holiday only in the weekend hours, and on a worked Saturday in the weekday hours', () => {
    const rules = resolveRules({
      preset: 'ru_230fz',
      quietHours: {
        ...russianHolidays(2025),
        holidays: russianHolidays(2026).holidays,
        workdays: ['2026-11-07'],
      },
      capDay: null,
      capWeek: null,
      capMonth: null,
    });
    // The preset's hours stay; the project's calendar is added to them.
    expect(rules.quietHours.weekday).toEqual({ from: '08:00', to: '22:00' });
    const rule = quietHoursRule(rules.quietHours)!;
    const at = (iso: string) => rule(localTime(new Date(iso), 'Europe/Moscow'));
    // Monday 9 March 2026 (the 8th moved) at 08:30 Moscow: weekend hours start at 9.
    expect(at('2026-03-09T05:30:00Z')).toBe(false);
    expect(at('2026-03-09T06:30:00Z')).toBe(true);
    // An ordinary Tuesday at 08:30: allowed.
    expect(at('2026-03-10T05:30:00Z')).toBe(true);
    // Saturday 7 November 2026 made a working day: 21:00 allowed (weekend hours would end at 20).
    expect(at('2026-11-07T18:00:00Z')).toBe(true);
    expect(at('2026-11-14T18:00:00Z')).toBe(false);
  });
});
