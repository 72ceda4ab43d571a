// Civil-date arithmetic. Dates are plain {y, m, d} computed through Date.UTC so no host time zone
// leaks in; the caller's "today" comes from Intl in the flow's time zone.

export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    } catch {
      // An unknown zone name must not break a call; UTC is the documented default.
      f = formatter('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Today's civil date at `now` in `timeZone` (default UTC). */
export function localDate(now: number, timeZone = 'UTC'): CivilDate {
  let y = 1970;
  let m = 1;
  let d = 1;
  for (const p of formatter(timeZone).formatToParts(now)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') m = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
  }
  return { y, m, d };
}

function fromUtc(ms: number): CivilDate {
  const dt = new Date(ms);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function addDays(c: CivilDate, n: number): CivilDate {
  return fromUtc(Date.UTC(c.y, c.m - 1, c.d + n));
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds months, clamping the day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(c: CivilDate, n: number): CivilDate {
  const idx = c.y * 12 + (c.m - 1) + n;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return { y, m, d: Math.min(c.d, daysInMonth(y, m)) };
}

/** Monday = 0 … Sunday = 6. */
export function weekday(c: CivilDate): number {
  return (new Date(Date.UTC(c.y, c.m - 1, c.d)).getUTCDay() + 6) % 7;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= 1900 &&
    y <= 2200 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function isoDate(c: CivilDate): string {
  return `${c.y}-${pad(c.m)}-${pad(c.d)}`;
}

const RU_MONTHS_GEN = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Human-readable date for confirmations: "5 марта 2025" / "March 5, 2025". */
export function displayDate(c: CivilDate, language: 'ru' | 'en'): string {
  return language === 'ru'
    ? `${c.d} ${RU_MONTHS_GEN[c.m - 1]} ${c.y}`
    : `${EN_MONTHS[c.m - 1]} ${c.d}, ${c.y}`;
}
