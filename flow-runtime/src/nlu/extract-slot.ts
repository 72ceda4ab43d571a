// Public slot API: extractSlot for one typed answer, extractDtmfSlot for keypad input, and
// findSlotsInText for out-of-order filling ("меня зовут Иван, приеду завтра в 15:30").
import { displayDate, isoDate, isValidDate, localDate } from './calendar';
import { type FindContext, type Found } from './found';
import { prepare, scan } from './normalize';
import { findChoice } from './slot-choice';
import { findDate } from './slot-date';
import { findEmail } from './slot-email';
import { findName } from './slot-name';
import { findNumber } from './slot-number';
import { displayPhone, findPhone, normalizePhone } from './slot-phone';
import { findTime } from './slot-time';
import { findYesNo } from './slot-yes-no';

export type SlotType =
  'number' | 'date' | 'time' | 'phone' | 'email' | 'yes_no' | 'choice' | 'name' | 'free_text';
export interface SlotOptions {
  language: 'ru' | 'en';
  choices?: { value: string; synonyms: string[] }[];
  /** Epoch ms, for relative dates like "завтра". */
  now?: number;
  timeZone?: string;
}
export type SlotResult = { ok: true; value: string | number | boolean; display: string } | { ok: false };

const FAIL: SlotResult = { ok: false };

function context(text: string, options: SlotOptions): FindContext {
  const prepared = prepare(text);
  return {
    text: prepared,
    toks: scan(prepared),
    language: options.language,
    now: options.now,
    timeZone: options.timeZone,
  };
}

function find(type: SlotType, ctx: FindContext, options: SlotOptions, raw: string): Found | null {
  switch (type) {
    case 'number':
      return findNumber(ctx);
    case 'date':
      return findDate(ctx);
    case 'time':
      return findTime(ctx);
    case 'phone':
      return findPhone(ctx);
    case 'email':
      return findEmail(ctx);
    case 'yes_no':
      return findYesNo(ctx);
    case 'choice':
      return findChoice(ctx, options.choices);
    case 'name':
      return findName(ctx, raw);
    case 'free_text': {
      const t = raw.trim();
      return t === '' ? null : { value: t, display: t, start: 0, end: ctx.text.length };
    }
  }
}

function ok(f: Found | null): SlotResult {
  return f === null ? FAIL : { ok: true, value: f.value, display: f.display };
}

export function extractSlot(type: SlotType, text: string, options: SlotOptions): SlotResult {
  if (typeof text !== 'string') return FAIL;
  return ok(find(type, context(text, options), options, text));
}

// Order matters when one utterance holds several slots: the most specific patterns claim their
// spans first, so "15:30" is not also read as the number 15 or "завтра в 3" as a phone digit.
const PRIORITY: SlotType[] = ['email', 'phone', 'date', 'time', 'yes_no', 'choice', 'number', 'free_text'];

/** Every requested slot type found in a longer utterance, each from a span no other slot used. */
export function findSlotsInText(
  types: readonly SlotType[],
  text: string,
  options: SlotOptions,
): Partial<Record<SlotType, { value: string | number | boolean; display: string }>> {
  const out: Partial<Record<SlotType, { value: string | number | boolean; display: string }>> = {};
  if (typeof text !== 'string') return out;
  let masked = prepare(text);
  for (const type of PRIORITY) {
    if (!types.includes(type) || type === 'free_text') continue;
    const ctx: FindContext = {
      text: masked,
      toks: scan(masked),
      language: options.language,
      now: options.now,
      timeZone: options.timeZone,
    };
    const f = find(type, ctx, options, text);
    if (f === null) continue;
    out[type] = { value: f.value, display: f.display };
    masked = masked.slice(0, f.start) + ' '.repeat(Math.max(0, f.end - f.start)) + masked.slice(f.end);
  }
  if (types.includes('free_text') && text.trim() !== '')
    out.free_text = { value: text.trim(), display: text.trim() };
  return out;
}

/** Keypad input: '*' is a decimal point for numbers, '#' (the usual terminator) is ignored. */
export function extractDtmfSlot(type: SlotType, digits: string, options: SlotOptions): SlotResult {
  if (typeof digits !== 'string') return FAIL;
  const d = digits.replace(/#/g, '').trim();
  if (!/^[0-9*]+$/.test(d)) return FAIL;
  const pure = d.replace(/\*/g, '');
  switch (type) {
    case 'number': {
      if (!/^\d+(\*\d+)?$/.test(d)) return FAIL;
      const value = Number(d.replace('*', '.'));
      return {
        ok: true,
        value,
        display: options.language === 'ru' ? String(value).replace('.', ',') : String(value),
      };
    }
    case 'yes_no':
      if (pure === '1') return { ok: true, value: true, display: options.language === 'ru' ? 'да' : 'yes' };
      if (pure === '2') return { ok: true, value: false, display: options.language === 'ru' ? 'нет' : 'no' };
      return FAIL;
    case 'choice': {
      const c = options.choices?.[Number(pure) - 1];
      return pure !== '' && c ? { ok: true, value: c.value, display: c.value } : FAIL;
    }
    case 'phone': {
      const e164 = normalizePhone(pure, false, options.language);
      return e164 ? { ok: true, value: e164, display: displayPhone(e164) } : FAIL;
    }
    case 'time': {
      // HHMM or H/HH on a 24-hour dial.
      const m = /^(\d{1,2})(\d{2})?$/.exec(pure);
      if (!m) return FAIL;
      const h = Number(m[1]);
      const min = m[2] === undefined ? 0 : Number(m[2]);
      if (h > 23 || min > 59) return FAIL;
      const v = `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
      return { ok: true, value: v, display: v };
    }
    case 'date': {
      // DDMMYYYY, or DDMM resolved to its next occurrence; '*' may separate parts (5*3*2025).
      const parts = d.includes('*')
        ? d.split('*')
        : pure.length === 8
          ? [pure.slice(0, 2), pure.slice(2, 4), pure.slice(4)]
          : pure.length === 4
            ? [pure.slice(0, 2), pure.slice(2)]
            : [];
      const [dd, mm, yy] = parts.map(Number);
      if (dd === undefined || mm === undefined || parts.length > 3) return FAIL;
      let y = yy;
      if (y === undefined) {
        if (options.now === undefined) return FAIL;
        const t = localDate(options.now, options.timeZone);
        y = t.y;
        if (isValidDate(y, mm, dd) && (mm < t.m || (mm === t.m && dd < t.d))) y++;
      } else if (y < 100) y += 2000;
      if (!isValidDate(y, mm, dd)) return FAIL;
      const c = { y, m: mm, d: dd };
      return { ok: true, value: isoDate(c), display: displayDate(c, options.language) };
    }
    case 'email':
    case 'name':
      return FAIL;
    case 'free_text':
      return pure === '' ? FAIL : { ok: true, value: d, display: d };
  }
}
