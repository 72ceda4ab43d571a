/**
 * Free appointment slots from a calendar's busy intervals and the business's working hours, in the
 * business's time zone, and how to say them to a caller ("завтра в 15:30", "on Monday, 14 December at
 * 10:00"), and which one the caller chose.
 */
import { extractSlot } from '../../nlu-bridge';
import { localText, zonedTime } from '../schedule-callback/callback-time';

export interface SlotRules {
  zone: string;
  durationMinutes: number;
  /** Working hours, local "HH:MM". */
  dayStart: string;
  dayEnd: string;
  weekdaysOnly: boolean;
  /** No slot sooner than this after now. */
  leadMinutes: number;
  horizonDays: number;
}

const DAY = 24 * 3600_000;

/** Every free start in the horizon, in order, on a grid of the slot's length from the day's start. */
export function freeStarts(now: number, busy: { start: number; end: number }[], rules: SlotRules): number[] {
  const step = Math.max(15, rules.durationMinutes) * 60_000;
  const length = rules.durationMinutes * 60_000;
  const out: number[] = [];
  for (let d = 0; d <= rules.horizonDays; d += 1) {
    const date = localText(now + d * DAY, rules.zone).slice(0, 10);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (rules.weekdaysOnly && (weekday === 0 || weekday === 6)) continue;
    const open = zonedTime(date, rules.dayStart, rules.zone);
    const close = zonedTime(date, rules.dayEnd, rules.zone);
    for (let start = open; start + length <= close; start += step) {
      if (start < now + rules.leadMinutes * 60_000) continue;
      if (busy.some((b) => b.start < start + length && b.end > start)) continue;
      if (!out.includes(start)) out.push(start);
    }
  }
  return out;
}

/**
 * Up to `count` starts to offer, spread out: the earliest, then each next one at least two hours later or on
 * another day, so the caller has a real choice; filled up from the rest when the day is short of them.
 */
export function pickOffers(starts: readonly number[], count: number, zone: string): number[] {
  const picked: number[] = [];
  for (const s of starts) {
    if (picked.length >= count) break;
    const last = picked[picked.length - 1];
    const otherDay =
      last === undefined || localText(last, zone).slice(0, 10) !== localText(s, zone).slice(0, 10);
    if (last === undefined || otherDay || s - last >= 2 * 3600_000) picked.push(s);
  }
  for (const s of starts) {
    if (picked.length >= count) break;
    if (!picked.includes(s)) picked.push(s);
  }
  return picked.sort((a, b) => a - b);
}

/** Accusative weekday after "в"/"во" ("в среду", "во вторник"). */
const RU_WEEKDAY: Record<string, string> = {
  понедельник: 'в понедельник',
  вторник: 'во вторник',
  среда: 'в среду',
  четверг: 'в четверг',
  пятница: 'в пятницу',
  суббота: 'в субботу',
  воскресенье: 'в воскресенье',
};

/** A slot in words in the caller's language and the business's zone. */
export function slotWords(at: number, now: number, zone: string, language: 'ru' | 'en'): string {
  const date = localText(at, zone).slice(0, 10);
  const time = localText(at, zone).slice(11, 16);
  const today = localText(now, zone).slice(0, 10);
  const tomorrow = localText(now + DAY, zone).slice(0, 10);
  if (language === 'ru') {
    const day =
      date === today
        ? 'сегодня'
        : date === tomorrow
          ? 'завтра'
          : `${RU_WEEKDAY[new Intl.DateTimeFormat('ru-RU', { weekday: 'long', timeZone: zone }).format(at)] ?? ''}, ${new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', timeZone: zone }).format(at)}`;
    return `${day} в ${time}`;
  }
  const day =
    date === today
      ? 'today'
      : date === tomorrow
        ? 'tomorrow'
        : `on ${new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone }).format(at).replace(/^(\w+) /, '$1, ')}`;
  return `${day} at ${time}`;
}

/** "A, B или C" / "A, B or C". */
export function listWords(items: string[], language: 'ru' | 'en'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${language === 'ru' ? 'или' : 'or'} ${items[items.length - 1]}`;
}

/** A whole word (JS `\b` and `\w` know no Cyrillic). */
const word = (body: string) => new RegExp(`(?<![\\p{L}\\d])(?:${body})(?![\\p{L}\\d])`, 'u');
const ORDINALS: [RegExp, number][] = [
  [word('перв\\p{L}*|first|1st'), 0],
  [word('втор\\p{L}*|second|2nd'), 1],
  [word('трет\\p{L}*|third|3rd'), 2],
];
const LAST = word('последн\\p{L}*|last');
/** The caller turns the offers down and asks for other times. */
export const WANTS_OTHERS = word(
  "не\\s+подход\\p{L}*|не\\s+могу|друг\\p{L}*|позже|попозже|later|another|other|none|neither|can'?t",
);

/** The index of the offer the caller chose, or null. */
export function chosenOffer(
  text: string,
  offers: readonly number[],
  options: { now: number; zone: string; language: 'ru' | 'en' },
): number | null {
  const lower = ` ${text.toLowerCase().replace(/ё/g, 'е')} `;
  if (LAST.test(lower)) return offers.length ? offers.length - 1 : null;
  for (const [re, i] of ORDINALS) if (re.test(lower) && i < offers.length) return i;
  const slot = { language: options.language, now: options.now, timeZone: options.zone };
  const time = extractSlot('time', text, slot);
  const date = extractSlot('date', text, slot);
  const matches = offers
    .map((at, i) => ({ i, local: localText(at, options.zone) }))
    .filter(
      ({ local }) =>
        (!time.ok || local.slice(11, 16) === String(time.value)) &&
        (!date.ok || local.slice(0, 10) === String(date.value)),
    );
  if ((time.ok || date.ok) && matches.length === 1) return matches[0]!.i;
  // "в три" for 15:00: an hour named without the afternoon.
  if (time.ok && !matches.length) {
    const [h, m] = String(time.value).split(':').map(Number) as [number, number];
    const pm = `${String(h + 12).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const later = offers
      .map((at, i) => ({ i, t: localText(at, options.zone).slice(11, 16) }))
      .filter((o) => o.t === pm);
    if (h < 12 && later.length === 1) return later[0]!.i;
  }
  return null;
}
