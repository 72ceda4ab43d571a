// Time slot: "15:30", "3 pm", "в три часа дня", "половина четвёртого", "без четверти пять",
// "в 10 утра", "quarter past ten", "noon"/"полдень". An hour said without a part of day is read
// in business hours (8–20): "в три" and "половина четвёртого" are afternoon, "в десять" morning.
import { type FindContext, type Found, spanOf } from './found';
import { adjacent, type Tok } from './normalize';
import { numberWord, ordinalWord, parseGroup, type Parsed } from './number-words';

type Period = 'am' | 'pm' | 'night';

const PERIOD_WORDS: Record<string, Period> = {
  утра: 'am',
  утром: 'am',
  am: 'am',
  morning: 'am',
  дня: 'pm',
  днем: 'pm',
  вечера: 'pm',
  вечером: 'pm',
  pm: 'pm',
  afternoon: 'pm',
  evening: 'pm',
  tonight: 'pm',
  ночи: 'night',
  ночью: 'night',
  night: 'night',
};
const HOUR_WORDS = new Set(['час', 'часа', 'часов', 'ч', 'oclock', 'hours', 'hour']);
const MINUTE_WORDS = new Set([
  'минут',
  'минуты',
  'минута',
  'минуту',
  'мин',
  'minutes',
  'minute',
  'min',
  'mins',
]);
const ANCHORS = new Set([
  'в',
  'во',
  'к',
  'около',
  'at',
  'around',
  'by',
  'about',
  'после',
  'до',
  'after',
  'before',
  'on',
]);

const pad = (n: number): string => String(n).padStart(2, '0');

interface Clock {
  h: number;
  m: number;
  /** Hour said on a 24-hour clock (13+, or with a leading zero): no daytime guessing. */
  explicit24: boolean;
  end: number;
}

/** A period word at i ("утра", "pm", "p m", "in the evening"); returns the tokens it spans. */
function periodAt(toks: readonly Tok[], i: number): { p: Period; end: number } | null {
  const t = toks[i]?.t;
  if (t === undefined) return null;
  if ((t === 'a' || t === 'p') && toks[i + 1]?.t === 'm') return { p: t === 'a' ? 'am' : 'pm', end: i + 2 };
  if ((t === 'a' || t === 'p') && toks[i + 1]?.t === '.' && toks[i + 2]?.t === 'm') {
    return { p: t === 'a' ? 'am' : 'pm', end: toks[i + 3]?.t === '.' ? i + 4 : i + 3 };
  }
  if (t === 'in' && toks[i + 1]?.t === 'the') {
    const p = PERIOD_WORDS[toks[i + 2]?.t ?? ''];
    return p ? { p, end: i + 3 } : null;
  }
  if (t === 'at' && toks[i + 1]?.t === 'night') return { p: 'night', end: i + 2 };
  const p = PERIOD_WORDS[t];
  return p ? { p, end: i + 1 } : null;
}

function applyPeriod(h: number, p: Period | undefined, explicit24: boolean): number {
  if (explicit24 || h > 12) return h % 24;
  if (p === 'am') return h === 12 ? 0 : h;
  if (p === 'pm') return h === 12 ? 12 : h + 12;
  if (p === 'night') return h === 12 ? 0 : h >= 6 ? h + 12 : h;
  // Business-hours reading: 1..7 are afternoon, 8..12 as said.
  return h >= 1 && h <= 7 ? h + 12 : h === 0 ? 0 : h;
}

/** An hour or minute number at i: digits or a word group. */
function numAt(toks: readonly Tok[], i: number): Parsed | null {
  const t = toks[i];
  if (t?.kind === 'num') return { value: Number(t.t), end: i + 1 };
  const g = parseGroup(toks, i);
  return g && Number.isInteger(g.value) ? g : null;
}

/** Hour of the *next* hour as Russian says it: "четвертого" (of the fourth) = 3:xx; "час" = 1. */
function ordinalHourAt(toks: readonly Tok[], i: number): Parsed | null {
  const t = toks[i];
  if (t === undefined || t.kind !== 'word') return null;
  const o = ordinalWord(t.t);
  return o !== undefined && o >= 1 && o <= 12 ? { value: o, end: i + 1 } : null;
}

/** Cardinal hour after "без …": "пять", "5", "час". */
function cardinalHourAt(toks: readonly Tok[], i: number): Parsed | null {
  if (toks[i]?.t === 'час') return { value: 1, end: i + 1 };
  const n = numAt(toks, i);
  return n && n.value >= 1 && n.value <= 12 ? n : null;
}

/** The hour before h on a 12-hour dial (1 → 12): "без четверти час" is 12:45. */
const prevHour = (h: number): number => (h <= 1 ? 12 : h - 1);

function minutesBefore(h: number, m: number): { h: number; m: number } {
  return { h: prevHour(h), m: 60 - m };
}

/** Russian and English relative clock phrases; returns hour on a 12-hour dial (0 = 12). */
function relativeClock(toks: readonly Tok[], i: number): Clock | null {
  const t = toks[i]!.t;
  // половина четвертого / пол четвертого / пол-четвертого / полчетвертого
  if (t === 'половина' || t === 'пол' || t === 'половине') {
    const j = toks[i + 1]?.t === '-' ? i + 2 : i + 1;
    const o = ordinalHourAt(toks, j);
    if (o) return { h: prevHour(o.value), m: 30, explicit24: false, end: o.end };
  }
  if (t.startsWith('пол') && t.length > 5) {
    const o = ordinalWord(t.slice(3));
    if (o !== undefined && o >= 1 && o <= 12) return { h: prevHour(o), m: 30, explicit24: false, end: i + 1 };
  }
  // четверть пятого, десять минут пятого
  if (t === 'четверть') {
    const o = ordinalHourAt(toks, i + 1);
    if (o) return { h: prevHour(o.value), m: 15, explicit24: false, end: o.end };
  }
  // без четверти пять, без пятнадцати пять, без 10 минут шесть
  if (t === 'без') {
    let j = i + 1;
    let m: number | undefined;
    if (toks[j]?.t === 'четверти') {
      m = 15;
      j++;
    } else {
      const n = numAt(toks, j);
      if (n && n.value >= 1 && n.value < 60) {
        m = n.value;
        j = n.end;
        if (MINUTE_WORDS.has(toks[j]?.t ?? '')) j++;
      }
    }
    const h = m !== undefined ? cardinalHourAt(toks, j) : null;
    if (m !== undefined && h) {
      const r = minutesBefore(h.value, m);
      return { h: r.h, m: r.m, explicit24: false, end: h.end };
    }
  }
  // English: quarter past ten, half past three, ten to five, twenty five minutes past six
  let j = i;
  let m: number | undefined;
  if (toks[j]?.t === 'a') j++;
  if (toks[j]?.t === 'quarter') {
    m = 15;
    j++;
  } else if (toks[j]?.t === 'half') {
    m = 30;
    j++;
  } else {
    const n = numAt(toks, j);
    if (n && n.value >= 1 && n.value < 60) {
      m = n.value;
      j = n.end;
      if (MINUTE_WORDS.has(toks[j]?.t ?? '')) j++;
    }
  }
  const rel = toks[j]?.t;
  if (
    m !== undefined &&
    (rel === 'past' || rel === 'after' || rel === 'to' || rel === 'before' || rel === 'till')
  ) {
    const h = toks[j + 1]?.t === 'noon' ? { value: 12, end: j + 2 } : cardinalHourAt(toks, j + 1);
    if (h) {
      if (rel === 'past' || rel === 'after') return { h: h.value, m, explicit24: false, end: h.end };
      const r = minutesBefore(h.value, m);
      return { h: r.h, m: r.m, explicit24: false, end: h.end };
    }
  }
  // десять минут пятого (N minutes of the next hour)
  const n = numAt(toks, i);
  if (n && n.value >= 1 && n.value < 60 && MINUTE_WORDS.has(toks[n.end]?.t ?? '')) {
    const o = ordinalHourAt(toks, n.end + 1);
    if (o) return { h: prevHour(o.value), m: n.value, explicit24: false, end: o.end };
  }
  return null;
}

/** "15:30", "9.45", "3:30pm" */
function digitalClock(toks: readonly Tok[], i: number): Clock | null {
  const a = toks[i];
  const sep = toks[i + 1];
  const b = toks[i + 2];
  if (
    a?.kind !== 'num' ||
    b?.kind !== 'num' ||
    (sep?.t !== ':' && sep?.t !== '.') ||
    a.t.length > 2 ||
    b.t.length !== 2
  )
    return null;
  if (!adjacent(a, sep) || !adjacent(sep, b)) return null;
  // dd.mm.yyyy is a date, not a time.
  if (sep.t === '.' && toks[i + 3]?.t === '.' && toks[i + 4]?.kind === 'num') return null;
  const h = Number(a.t);
  const m = Number(b.t);
  if (h > 24 || m > 59) return null;
  return { h, m, explicit24: h === 0 || h > 12 || a.t.startsWith('0'), end: i + 3 };
}

/** Hour [час(а/ов)] [minutes [минут]] — "в три часа тридцать минут", "пятнадцать тридцать", "3". */
function spokenClock(toks: readonly Tok[], i: number): (Clock & { strong: boolean }) | null {
  if (toks[i]?.t === 'час' && PERIOD_WORDS[toks[i + 1]?.t ?? ''])
    return { h: 1, m: 0, explicit24: false, end: i + 1, strong: true };
  // The minutes of a rejected "25:00" are not an hour of their own.
  const prev = toks[i - 1];
  if (prev && (prev.t === ':' || prev.t === '.') && prev.end === toks[i]!.start) return null;
  const hr = numAt(toks, i);
  if (!hr || hr.value > 24) return null;
  let j = hr.end;
  let strong = false;
  if (HOUR_WORDS.has(toks[j]?.t ?? '')) {
    j++;
    strong = true;
  }
  let m = 0;
  // "пятнадцать ноль пять", "ten oh five"
  const z = toks[j];
  const zw = z?.kind === 'word' ? numberWord(z.t, true) : undefined;
  let minuteTok = j;
  if (zw?.kind === 'zero') minuteTok = j + 1;
  const mn = toks[minuteTok]?.t === 'и' ? null : numAt(toks, minuteTok);
  if (
    mn &&
    mn.value < 60 &&
    (minuteTok > j ? mn.value < 10 : true) &&
    !HOUR_WORDS.has(toks[mn.end]?.t ?? '')
  ) {
    m = mn.value;
    j = mn.end;
    strong = true;
    if (MINUTE_WORDS.has(toks[j]?.t ?? '')) j++;
  }
  const explicit24 = hr.value === 0 || hr.value > 12 || toks[i]!.t.startsWith('0');
  return { h: hr.value, m, explicit24, end: j, strong };
}

function finish(ctx: FindContext, c: Clock, start: number): Found | null {
  const { toks } = ctx;
  let end = c.end;
  let p: Period | undefined;
  const after = periodAt(toks, end);
  if (after) {
    p = after.p;
    end = after.end;
  } else {
    // "вечером в семь", "this evening at 7"
    for (const k of [start - 1, start - 2, start - 3]) {
      const b = periodAt(toks, k);
      if (b && b.end >= start - 1) {
        p = b.p;
        break;
      }
    }
  }
  const h = applyPeriod(c.h, p, c.explicit24);
  if (h < 0 || h > 23 || c.m < 0 || c.m > 59) return null;
  const value = `${pad(h)}:${pad(c.m)}`;
  return { value, display: value, ...spanOf(toks, start, end) };
}

function findTime24(ctx: FindContext): Found | null {
  const { toks } = ctx;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!.t;
    if (t === 'полдень' || t === 'noon' || t === 'полудня' || t === 'midday')
      return { value: '12:00', display: '12:00', ...spanOf(toks, i, i + 1) };
    if (t === 'полночь' || t === 'midnight' || t === 'полуночи')
      return { value: '00:00', display: '00:00', ...spanOf(toks, i, i + 1) };
    const c = digitalClock(toks, i) ?? relativeClock(toks, i);
    if (c) {
      const f = finish(ctx, c, i);
      if (f) return f;
    }
  }
  // Plain hours need an anchor ("в 3", "at three"), an hour/minute word, a part of day, or a
  // short answer, so "нас будет трое" is not read as three o'clock.
  const words = toks.filter((x) => x.kind !== 'sym').length;
  for (let i = 0; i < toks.length; i++) {
    const c = spokenClock(toks, i);
    if (!c) continue;
    const anchored = ANCHORS.has(toks[i - 1]?.t ?? '');
    const hasPeriod = periodAt(toks, c.end) !== null;
    if (!(c.strong || anchored || hasPeriod || words <= 2)) continue;
    const f = finish(ctx, c, anchored ? i - 1 : i);
    if (f) return f;
  }
  return null;
}

/** "15:30" as an English caller hears it: "3:30 pm" ("3 pm" on the hour). */
export function englishClock(value: string): string {
  const [h, m] = value.split(':').map(Number) as [number, number];
  const suffix = h < 12 ? 'am' : 'pm';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour} ${suffix}` : `${hour}:${String(m).padStart(2, '0')} ${suffix}`;
}

/** The value stays 24-hour ("15:00"); what is read back follows the caller's language. */
export function findTime(ctx: FindContext): Found | null {
  const found = findTime24(ctx);
  return found && ctx.language === 'en' ? { ...found, display: englishClock(String(found.value)) } : found;
}
