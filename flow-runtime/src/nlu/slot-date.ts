// Date slot: ISO, dd.mm(.yyyy), "5 марта", "пятого марта 2025 года", "3rd of March", "March 3",
// today/tomorrow words, weekdays with this/next, "через неделю"/"in 3 days", "5-го числа".
// Relative forms resolve against options.now in options.timeZone; without `now` they fail,
// because guessing the clock would make a flow non-deterministic.
import {
  addDays,
  addMonths,
  type CivilDate,
  compareDates,
  displayDate,
  isoDate,
  isValidDate,
  localDate,
  weekday,
} from './calendar';
import { monthWord, PERIOD_UNITS, RELATIVE_DAYS, weekdayWord } from './date-words';
import { type FindContext, type Found } from './found';
import { type Tok } from './normalize';
import { parseCardinal, parseGroup, parseOrdinal, type Parsed } from './number-words';

function result(ctx: FindContext, c: CivilDate, start: number, end: number): Found {
  return { value: isoDate(c), display: displayDate(c, ctx.language), start, end };
}

function today(ctx: FindContext): CivilDate | undefined {
  return ctx.now === undefined ? undefined : localDate(ctx.now, ctx.timeZone);
}

/** Year for a day+month said without one: the next occurrence, today included (booking flows ask about the future). */
function upcoming(ctx: FindContext, m: number, d: number): CivilDate | undefined {
  const t = today(ctx);
  if (t === undefined) return undefined;
  for (const y of [t.y, t.y + 1, t.y + 2, t.y + 3, t.y + 4]) {
    if (isValidDate(y, m, d) && compareDates({ y, m, d }, t) >= 0) return { y, m, d };
  }
  return undefined;
}

const fullYear = (y: number): number => (y < 100 ? 2000 + y : y);

function numericDate(ctx: FindContext): Found | null {
  const iso = /(?<![\d.])(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(ctx.text);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (isValidDate(y, m, d)) return result(ctx, { y, m, d }, iso.index, iso.index + iso[0].length);
  }
  const re = /(?<![\d.:,/])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d:]|[.,/]\d)/g;
  for (const m of ctx.text.matchAll(re)) {
    let a = Number(m[1]);
    let b = Number(m[3]);
    // English slashes are month-first unless that cannot be a month.
    if (m[2] === '/' && ctx.language === 'en' && a <= 12) [a, b] = [b, a];
    const c = m[4] !== undefined ? { y: fullYear(Number(m[4])), m: b, d: a } : upcoming(ctx, b, a);
    if (c && isValidDate(c.y, c.m, c.d)) return result(ctx, c, m.index, m.index + m[0].length);
  }
  return null;
}

function relativeWords(ctx: FindContext, t: CivilDate): Found | null {
  const { toks } = ctx;
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.t;
    if (w === 'day' && toks[i + 1]?.t === 'after' && toks[i + 2]?.t === 'tomorrow') {
      return result(ctx, addDays(t, 2), toks[i]!.start, toks[i + 2]!.end);
    }
    if (w === 'day' && toks[i + 1]?.t === 'before' && toks[i + 2]?.t === 'yesterday') {
      return result(ctx, addDays(t, -2), toks[i]!.start, toks[i + 2]!.end);
    }
    const off = RELATIVE_DAYS[w];
    if (off !== undefined) return result(ctx, addDays(t, off), toks[i]!.start, toks[i]!.end);
  }
  return null;
}

function addPeriod(t: CivilDate, n: number, unit: number | 'month' | 'year'): CivilDate {
  if (unit === 'month') return addMonths(t, Math.round(n));
  if (unit === 'year') return addMonths(t, Math.round(n * 12));
  return addDays(t, Math.round(n * unit));
}

/** "через 3 дня", "через неделю", "in two weeks", "in a month". */
function inPeriod(ctx: FindContext, t: CivilDate): Found | null {
  const { toks } = ctx;
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.t;
    if (w !== 'через' && w !== 'in') continue;
    let j = i + 1;
    let n = 1;
    const nt = toks[j];
    if (nt?.t === 'a' || nt?.t === 'an' || nt?.t === 'one') j++;
    else if (nt?.kind === 'num') {
      n = Number(nt.t);
      j++;
    } else {
      const c = parseCardinal(toks, j);
      if (c) {
        n = c.value;
        j = c.end;
      }
    }
    const unit = PERIOD_UNITS[toks[j]?.t ?? ''];
    if (unit !== undefined) return result(ctx, addPeriod(t, n, unit), toks[i]!.start, toks[j]!.end);
  }
  return null;
}

const NEXT_WORDS = /^(следующ|next$)/;
const THIS_WORDS = /^(эт(у|от|о|ой|ом)$|ближайш|this$|coming$)/;

function weekdayDate(ctx: FindContext, t: CivilDate): Found | null {
  const { toks } = ctx;
  for (let i = 0; i < toks.length; i++) {
    const wd = weekdayWord(toks[i]!.t);
    if (wd === undefined) continue;
    let mode: 'plain' | 'this' | 'next' = 'plain';
    let start = i;
    for (const k of [i - 1, i - 2]) {
      const w = toks[k]?.t ?? '';
      if (NEXT_WORDS.test(w)) mode = 'next';
      else if (THIS_WORDS.test(w)) mode = 'this';
      else continue;
      start = k;
      break;
    }
    const diff = (wd - weekday(t) + 7) % 7;
    // Plain "в пятницу" on a Friday means next week's; "this Friday" may be today; "next" adds a week.
    const days = mode === 'this' ? diff : mode === 'plain' ? diff || 7 : (diff || 7) + 7;
    return result(ctx, addDays(t, days), toks[start]!.start, toks[i]!.end);
  }
  return null;
}

/** A day of month (1..31) starting at i: ordinal, digits or a cardinal word group. */
function dayAt(toks: readonly Tok[], i: number): Parsed | null {
  const r =
    parseOrdinal(toks, i) ??
    (toks[i]?.kind === 'num' ? { value: Number(toks[i]!.t), end: i + 1 } : parseGroup(toks, i));
  return r !== null && Number.isInteger(r.value) && r.value >= 1 && r.value <= 31 ? r : null;
}

function yearAfter(toks: readonly Tok[], i: number): { y: number; end: number } | null {
  let j = i;
  if (toks[j]?.t === ',') j++;
  const tok = toks[j];
  if (tok?.kind !== 'num' || tok.t.length !== 4) return null;
  let end = j + 1;
  if (/^(года|год|году|г)$/.test(toks[end]?.t ?? '')) end++;
  if (toks[end]?.t === '.' && toks[end - 1]?.t === 'г') end++;
  return { y: Number(tok.t), end };
}

function dayMonth(ctx: FindContext): Found | null {
  const { toks } = ctx;
  for (let mi = 0; mi < toks.length; mi++) {
    const m = monthWord(toks[mi]!.t);
    if (m === undefined) continue;
    let day: Parsed | null = null;
    let start = mi;
    let end = mi + 1;
    // Day before the month ("5 марта", "двадцать пятого марта", "the 3rd of March").
    const e = toks[mi - 1]?.t === 'of' ? mi - 1 : mi;
    for (let s = Math.max(0, e - 4); s < e && day === null; s++) {
      const r = dayAt(toks, s);
      if (r !== null && r.end === e) {
        day = r;
        start = s;
      }
    }
    // Day after the month ("March 3", "March the 3rd").
    if (day === null) {
      const s = toks[mi + 1]?.t === 'the' ? mi + 2 : mi + 1;
      const r = dayAt(toks, s);
      if (r !== null) {
        day = r;
        end = r.end;
      }
    }
    if (day === null) continue;
    const yr = yearAfter(toks, end);
    const c = yr ? { y: yr.y, m, d: day.value } : upcoming(ctx, m, day.value);
    if (c === undefined || !isValidDate(c.y, c.m, c.d)) continue;
    return result(ctx, c, toks[start]!.start, toks[(yr ? yr.end : end) - 1]!.end);
  }
  return null;
}

/** "5-го числа", "пятого числа", "on the 5th": the next such day of month. */
function dayOnly(ctx: FindContext, t: CivilDate): Found | null {
  const { toks } = ctx;
  for (let i = 0; i < toks.length; i++) {
    let day: Parsed | null = null;
    let start = i;
    let endTok = i;
    if (toks[i]!.t === 'числа' || toks[i]!.t === 'число') {
      for (let s = Math.max(0, i - 3); s < i && day === null; s++) {
        const r = dayAt(toks, s);
        if (r !== null && r.end === i) {
          day = r;
          start = s;
        }
      }
    } else if (toks[i]!.t === 'the') {
      const r = parseOrdinal(toks, i + 1);
      if (r !== null && r.value >= 1 && r.value <= 31) {
        day = r;
        endTok = r.end - 1;
      }
    }
    if (day === null) continue;
    for (let k = 0; k < 4; k++) {
      const base = addMonths({ y: t.y, m: t.m, d: 1 }, k);
      if (isValidDate(base.y, base.m, day.value) && (k > 0 || day.value >= t.d)) {
        return result(ctx, { ...base, d: day.value }, toks[start]!.start, toks[endTok]!.end);
      }
    }
  }
  return null;
}

export function findDate(ctx: FindContext): Found | null {
  const explicit = numericDate(ctx) ?? dayMonth(ctx);
  if (explicit) return explicit;
  const t = today(ctx);
  if (t === undefined) return null;
  return relativeWords(ctx, t) ?? inPeriod(ctx, t) ?? weekdayDate(ctx, t) ?? dayOnly(ctx, t);
}
