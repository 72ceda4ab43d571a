// Number slot: digits ("25", "-3,5", "1 500", "1,500" in English) and number words in both
// languages ("двадцать пять", "полторы тысячи", "пятерых", "one hundred and three", "два с половиной").
import { type FindContext, type Found, spanOf } from './found';
import { adjacent, type Tok } from './normalize';
import { parseCardinal, parseGroup } from './number-words';

const MINUS = new Set(['минус', 'minus', 'negative']);
const DECIMAL_WORDS = new Set(['запятая', 'point', 'точка']);

function gapIs(text: string, a: Tok, b: Tok, allowed: RegExp): boolean {
  return allowed.test(text.slice(a.end, b.start));
}

function digitsAt(ctx: FindContext, i: number): { value: number; end: number } | null {
  const { toks, text, language } = ctx;
  const a = toks[i];
  if (a === undefined || a.kind !== 'num') return null;
  let intPart = a.t;
  let k = i + 1;
  // Thousands groups: "1 500 000" (space, usual in Russian) or "1,500" (English comma).
  for (;;) {
    const sep = toks[k];
    const nx = toks[k + 1];
    const prev = toks[k - 1]!;
    if (sep?.kind === 'num' && sep.t.length === 3 && gapIs(text, prev, sep, /^[ \u00a0\u202f]$/)) {
      intPart += sep.t;
      k++;
      continue;
    }
    if (
      language === 'en' &&
      sep?.t === ',' &&
      nx?.kind === 'num' &&
      nx.t.length === 3 &&
      adjacent(prev, sep) &&
      adjacent(sep, nx)
    ) {
      intPart += nx.t;
      k += 2;
      continue;
    }
    break;
  }
  let value = Number(intPart);
  const sep = toks[k];
  const frac = toks[k + 1];
  if (
    (sep?.t === ',' || sep?.t === '.') &&
    frac?.kind === 'num' &&
    adjacent(toks[k - 1], sep) &&
    adjacent(sep, frac)
  ) {
    value = Number(`${intPart}.${frac.t}`);
    k += 2;
  }
  return { value, end: k };
}

function wordsAt(ctx: FindContext, i: number): { value: number; end: number } | null {
  const { toks } = ctx;
  const card = parseCardinal(toks, i);
  if (card === null) return null;
  let { value, end } = card;
  // "два с половиной", "two and a half"
  if (toks[end]?.t === 'с' && toks[end + 1]?.t === 'половиной') return { value: value + 0.5, end: end + 2 };
  if (toks[end]?.t === 'and' && toks[end + 1]?.t === 'a' && toks[end + 2]?.t === 'half')
    return { value: value + 0.5, end: end + 3 };
  // "три запятая пять", "two point five": fraction digits dictated after the separator.
  if (DECIMAL_WORDS.has(toks[end]?.t ?? '') && Number.isInteger(value)) {
    let digits = '';
    let j = end + 1;
    for (let g = parseGroup(toks, j); g !== null; g = parseGroup(toks, j)) {
      digits += String(g.value);
      j = g.end;
    }
    if (digits !== '') {
      value = Number(`${value}.${digits}`);
      end = j;
    }
  }
  return { value, end };
}

export function numberAt(ctx: FindContext, i: number): Found | null {
  const { toks } = ctx;
  const first = toks[i];
  if (first === undefined) return null;
  let j = i;
  let sign = 1;
  if (MINUS.has(first.t)) {
    sign = -1;
    j++;
  } else if (
    (first.t === '-' || first.t === '−') &&
    toks[i + 1]?.kind === 'num' &&
    adjacent(first, toks[i + 1])
  ) {
    const before = toks[i - 1];
    // "10-12" is a range, not minus twelve.
    if (!(before?.kind === 'num' && adjacent(before, first))) {
      sign = -1;
      j++;
    }
  }
  const tok = toks[j];
  if (tok === undefined) return null;
  const r = tok.kind === 'num' ? (parseCardinal(toks, j) ?? digitsAt(ctx, j)) : wordsAt(ctx, j);
  if (r === null) return null;
  let { value, end } = r;
  // "1,5 тысячи", "2.5 million"
  if (!Number.isInteger(value) && tok.kind === 'num') {
    const sc = parseCardinal(toks, end);
    if (sc !== null && toks[end]?.kind === 'word' && sc.end === end + 1 && sc.value >= 1000) {
      value *= sc.value;
      end = sc.end;
    }
  }
  value = sign * value;
  if (!Number.isFinite(value)) return null;
  const display = ctx.language === 'ru' ? String(value).replace('.', ',') : String(value);
  return { value, display, ...spanOf(toks, i, end) };
}

export function findNumber(ctx: FindContext): Found | null {
  for (let i = 0; i < ctx.toks.length; i++) {
    const f = numberAt(ctx, i);
    if (f !== null) return f;
  }
  return null;
}
