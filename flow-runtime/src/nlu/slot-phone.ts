// Phone slot: written in any grouping ("+7 (999) 123-45-67", "8 999 123 45 67") or dictated as
// words in digit groups ("восемь девятьсот девяносто девять сто двадцать три ..."). Russian
// 11-digit numbers starting 7/8 normalise to E.164 (+7 and ten digits); other numbers to "+" + digits.
import { type FindContext, type Found } from './found';
import { type Tok } from './normalize';
import { numberWord, parseGroup } from './number-words';

const PLUS_WORDS = new Set(['плюс', 'plus']);
// Words that may sit inside a dictated number without ending it.
const FILLERS = new Set(['-', '(', ')', '.', ',', '–', '—', 'и', 'тире', 'дефис', 'and', 'dash']);
const REPEAT: Record<string, number> = { double: 2, triple: 3 };

interface Run {
  digits: string;
  plus: boolean;
  start: number;
  end: number;
}

/** Digits of the token(s) at i, or null when i does not start a dictated/written digit chunk. */
function chunkAt(toks: readonly Tok[], i: number): { digits: string; end: number } | null {
  const t = toks[i]!;
  if (t.kind === 'num') return { digits: t.t, end: i + 1 };
  if (t.kind !== 'word') return null;
  const rep = REPEAT[t.t];
  if (rep) {
    const nx = toks[i + 1];
    const w = nx?.kind === 'word' ? numberWord(nx.t, true) : undefined;
    if (w && w.value < 10 && Number.isInteger(w.value))
      return { digits: String(w.value).repeat(rep), end: i + 2 };
  }
  const g = parseGroup(toks, i, true);
  if (g && Number.isInteger(g.value)) return { digits: String(g.value), end: g.end };
  return null;
}

function runs(toks: readonly Tok[]): Run[] {
  const out: Run[] = [];
  let cur: Run | null = null;
  let lastEnd = 0;
  for (let i = 0; i < toks.length;) {
    const t = toks[i]!;
    if (PLUS_WORDS.has(t.t) || t.t === '+') {
      if (cur) out.push(cur);
      cur = { digits: '', plus: true, start: t.start, end: t.end };
      i++;
      continue;
    }
    const c = chunkAt(toks, i);
    if (c) {
      if (!cur) cur = { digits: '', plus: false, start: t.start, end: t.end };
      cur.digits += c.digits;
      cur.end = toks[c.end - 1]!.end;
      lastEnd = c.end;
      i = c.end;
      continue;
    }
    if (cur && FILLERS.has(t.t) && i - lastEnd < 2) {
      i++;
      continue;
    }
    if (cur) out.push(cur);
    cur = null;
    i++;
  }
  if (cur) out.push(cur);
  return out.filter((r) => r.digits.length > 0);
}

/** E.164-ish normalisation; null when the digits cannot be a phone number. */
export function normalizePhone(digitsIn: string, plusIn: boolean, language: 'ru' | 'en'): string | null {
  let digits = digitsIn;
  let plus = plusIn;
  if (!plus && digits.startsWith('00')) {
    digits = digits.slice(2);
    plus = true;
  }
  if (
    digits.length === 11 &&
    (digits[0] === '7' || digits[0] === '8') &&
    (!plus || digits[0] === '7' || language === 'ru')
  ) {
    return `+7${digits.slice(1)}`;
  }
  if (plus) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  // Ten digits without a country code: Russian flows assume +7, English ones North America.
  if (digits.length === 10) return language === 'ru' ? `+7${digits}` : `+1${digits}`;
  if (digits.length >= 11 && digits.length <= 15) return `+${digits}`;
  return null;
}

export function displayPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 (${m[1]}) ${m[2]}-${m[3]}-${m[4]}` : e164;
}

export function findPhone(ctx: FindContext): Found | null {
  let best: Found | null = null;
  let bestLen = 0;
  for (const r of runs(ctx.toks)) {
    const e164 = normalizePhone(r.digits, r.plus, ctx.language);
    if (e164 && e164.length > bestLen) {
      best = { value: e164, display: displayPhone(e164), start: r.start, end: r.end };
      bestLen = e164.length;
    }
  }
  return best;
}
