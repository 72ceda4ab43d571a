/**
 * When the caller wants to be called back, from what they said: a relative delay ("через 2 часа", "in 30
 * minutes"), a date and/or a time ("завтра в 15:00", "tomorrow at 3 pm", "в пятницу"), in the callee's time
 * zone. A time alone means its next occurrence; a date alone means that day at the default time.
 */
import { extractSlot } from '../../nlu-bridge';

export interface CallbackTime {
  /** Epoch ms (UTC). */
  at: number;
  /** The local date and time as the flow can read it back: "2026-12-08 15:00". */
  local: string;
}

const SMALL_NUMBERS: Record<string, number> = {
  один: 1,
  одну: 1,
  два: 2,
  две: 2,
  пару: 2,
  три: 3,
  четыре: 4,
  пять: 5,
  десять: 10,
  пятнадцать: 15,
  двадцать: 20,
  тридцать: 30,
  сорок: 40,
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  couple: 2,
  three: 3,
  four: 4,
  five: 5,
  ten: 10,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
};

function relativeDelayMs(text: string): number | null {
  const lower = text.toLowerCase().replace(/ё/g, 'е');
  if (/через\s+полчаса|in\s+half\s+an\s+hour/.test(lower)) return 30 * 60_000;
  const match =
    /(?:через|in)\s+(?:(\d+|[a-zа-я]+)\s+)?(?:of\s+)?(час\w*|hours?|минут\w*|minutes?|мин|mins?)/u.exec(
      lower,
    );
  if (!match) return null;
  const count =
    match[1] === undefined ? 1 : /^\d+$/.test(match[1]) ? Number(match[1]) : SMALL_NUMBERS[match[1]];
  if (!count) return null;
  const unit = /^(час|hour)/.test(match[2]!) ? 60 * 60_000 : 60_000;
  return count * unit;
}

function zoneOffsetMs(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return asUtc - Math.floor(at / 60_000) * 60_000;
}

/** The UTC instant of a wall-clock time in a zone (twice, so a DST edge settles). */
export function zonedTime(date: string, time: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, mi);
  const first = wall - zoneOffsetMs(wall, zone);
  return wall - zoneOffsetMs(first, zone);
}

export function localText(at: number, zone: string): string {
  const offset = zoneOffsetMs(at, zone);
  return new Date(Math.floor(at / 60_000) * 60_000 + offset).toISOString().slice(0, 16).replace('T', ' ');
}

export function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone !== '';
  } catch {
    return false;
  }
}

export function parseCallbackTime(
  text: string,
  options: { now: number; zone: string; language: 'ru' | 'en'; defaultTime: string },
): CallbackTime | null {
  const { now, zone, language } = options;
  const delay = relativeDelayMs(text);
  if (delay !== null) return { at: now + delay, local: localText(now + delay, zone) };
  const slot = { language, now, timeZone: zone };
  const date = extractSlot('date', text, slot);
  const time = extractSlot('time', text, slot);
  if (!date.ok && !time.ok) return null;
  const clock = time.ok ? String(time.value) : options.defaultTime;
  let day = date.ok ? String(date.value) : localText(now, zone).slice(0, 10);
  let at = zonedTime(day, clock, zone);
  if (!date.ok && at <= now) {
    // "в 10" said at noon: tomorrow at ten.
    day = localText(at + 24 * 3600_000, zone).slice(0, 10);
    at = zonedTime(day, clock, zone);
  }
  if (at <= now) return null;
  return { at, local: `${day} ${clock}` };
}
