import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Time as HH:MM');
const interval = z
  .tuple([time, time])
  .refine(([from, to]) => from < to, 'The end must be after the start (split a night shift in two)');

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Open intervals per weekday in one time zone; a day that is absent or empty is closed. */
export const workingHoursInput = z.object({
  timezone: z.string().trim().refine(isTimeZone, 'An IANA time zone such as Europe/Moscow'),
  days: z.partialRecord(z.enum(WEEKDAYS), z.array(interval).max(6, 'At most 6 intervals a day')),
});
export type WorkingHours = z.infer<typeof workingHoursInput>;

/** Weekday and HH:MM of an instant in a time zone. */
export function localClock(at: Date, timezone: string): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase() as Weekday;
  return { day, time: `${get('hour')}:${get('minute')}` };
}

/** True when `at` falls in one of the day's intervals (start inclusive, end exclusive). */
export function isOpen(hours: WorkingHours, at: Date): boolean {
  const { day, time } = localClock(at, hours.timezone);
  return (hours.days[day] ?? []).some(([from, to]) => time >= from && time < to);
}
