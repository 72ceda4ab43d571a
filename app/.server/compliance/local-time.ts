/**
 * Calling windows in the callee's local time. A window is a weekday set and a range of minutes of the day;
 * a number with several candidate zones is callable only when every zone is inside the window.
 */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export interface DayRange {
  from: string;
  to: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function localTime(at: Date, zone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export const toMinutes = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

export const inRange = (minutes: number, range: DayRange): boolean =>
  minutes >= toMinutes(range.from) && minutes < toMinutes(range.to);

/** A rule says whether a local moment is callable. */
export type WindowRule = (local: LocalTime) => boolean;

export function allowedEverywhere(at: Date, zones: readonly string[], rules: readonly WindowRule[]): boolean {
  for (const zone of zones) {
    const local = localTime(at, zone);
    for (const rule of rules) if (!rule(local)) return false;
  }
  return true;
}

const STEP_MS = 5 * 60_000;

/**
 * The first moment (5-minute steps) at or after `from` when every zone is inside every rule, within
 * `horizonDays`; null when there is none (e.g. the campaign's end date has passed).
 */
export function nextAllowed(
  from: Date,
  zones: readonly string[],
  rules: readonly WindowRule[],
  horizonDays = 14,
): Date | null {
  const start = Math.ceil(from.getTime() / STEP_MS) * STEP_MS;
  const end = from.getTime() + horizonDays * 86_400_000;
  for (let t = start; t <= end; t += STEP_MS) {
    const at = new Date(t);
    if (allowedEverywhere(at, zones, rules)) return at;
  }
  return null;
}
