// Cardinal and ordinal number words in Russian (all case forms we could reasonably hear) and
// English, plus parsers over scanned tokens. One lexicon serves both languages: the scripts do not
// overlap, and STT output for a Russian flow may well contain English digits words.
import type { Tok } from './normalize';

export type NumKind = 'zero' | 'unit' | 'teen' | 'ten' | 'hundred' | 'hundredMul' | 'scale';
export interface NumWord {
  value: number;
  kind: NumKind;
}

const LEX = new Map<string, NumWord>();
function add(kind: NumKind, value: number, forms: string[]): void {
  for (const f of forms) LEX.set(f, { value, kind });
}
const withEndings = (stem: string, endings: string[]): string[] => endings.map((e) => stem + e);

// Russian
add('zero', 0, ['ноль', 'нуль', 'ноля', 'нуля', 'нолю', 'нулю', 'нолем', 'нулем']);
add('unit', 1, [
  'один',
  'одна',
  'одно',
  'одного',
  'одной',
  'одному',
  'одним',
  'одном',
  'одну',
  'одни',
  'одних',
  'одними',
]);
add('unit', 2, [
  'два',
  'две',
  'двух',
  'двум',
  'двумя',
  'двое',
  'двоих',
  'двоим',
  'двоими',
  'оба',
  'обе',
  'обоих',
]);
add('unit', 3, ['три', 'трех', 'трем', 'тремя', 'трое', 'троих', 'троим', 'троими']);
add('unit', 4, ['четыре', 'четырех', 'четырем', 'четырьмя', 'четверо', 'четверых', 'четверым', 'четверыми']);
const RU_5_9: [number, string[]][] = [
  [5, ['пять', 'пяти', 'пятью', 'пятеро', 'пятерых', 'пятерым', 'пятерыми']],
  [6, ['шесть', 'шести', 'шестью', 'шестеро', 'шестерых', 'шестерым']],
  [7, ['семь', 'семи', 'семью', 'семеро', 'семерых', 'семерым']],
  [8, ['восемь', 'восьми', 'восемью', 'восьмью', 'восьмеро', 'восьмерых']],
  [9, ['девять', 'девяти', 'девятью', 'девятеро', 'девятерых']],
];
for (const [v, f] of RU_5_9) add('unit', v, f);
add('unit', 1.5, ['полтора', 'полторы', 'полутора']);
add('teen', 10, ['десять', 'десяти', 'десятью', 'десятеро', 'десятерых']);
const RU_TEENS = [
  'одиннадцат',
  'двенадцат',
  'тринадцат',
  'четырнадцат',
  'пятнадцат',
  'шестнадцат',
  'семнадцат',
  'восемнадцат',
  'девятнадцат',
];
RU_TEENS.forEach((s, i) => add('teen', 11 + i, withEndings(s, ['ь', 'и', 'ью'])));
add('ten', 20, withEndings('двадцат', ['ь', 'и', 'ью']));
add('ten', 30, withEndings('тридцат', ['ь', 'и', 'ью']));
add('ten', 40, ['сорок', 'сорока']);
add('ten', 50, ['пятьдесят', 'пятидесяти', 'пятьюдесятью']);
add('ten', 60, ['шестьдесят', 'шестидесяти', 'шестьюдесятью']);
add('ten', 70, ['семьдесят', 'семидесяти', 'семьюдесятью']);
add('ten', 80, ['восемьдесят', 'восьмидесяти', 'восемьюдесятью', 'восьмьюдесятью']);
add('ten', 90, ['девяносто', 'девяноста']);
add('hundred', 100, ['сто', 'ста', 'сотня', 'сотни', 'сотню']);
add('hundred', 200, ['двести', 'двухсот', 'двумстам', 'двумястами', 'двухстах']);
add('hundred', 300, ['триста', 'трехсот', 'тремстам', 'тремястами', 'трехстах']);
add('hundred', 400, ['четыреста', 'четырехсот', 'четыремстам', 'четырьмястами', 'четырехстах']);
const RU_HUNDREDS: [number, string, string][] = [
  [500, 'пятьсот', 'пят'],
  [600, 'шестьсот', 'шест'],
  [700, 'семьсот', 'сем'],
  [800, 'восемьсот', 'восьм'],
  [900, 'девятьсот', 'девят'],
];
for (const [v, nom, stem] of RU_HUNDREDS) {
  add('hundred', v, [nom, stem + 'исот', stem + 'истам', stem + 'ьюстами', stem + 'истах']);
}
add('scale', 1000, withEndings('тысяч', ['а', 'и', '', 'у', 'ей', 'ью', 'ам', 'ами', 'ах']));
add('scale', 1e6, withEndings('миллион', ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах']));
add('scale', 1e9, withEndings('миллиард', ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах']));

// English
add('zero', 0, ['zero', 'nought', 'nil']);
export const EN_UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
EN_UNITS.forEach((w, i) => add('unit', i + 1, [w]));
export const EN_TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
EN_TEENS.forEach((w, i) => add('teen', 10 + i, [w]));
export const EN_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
EN_TENS.forEach((w, i) => add('ten', 20 + i * 10, [w]));
add('hundredMul', 100, ['hundred', 'hundreds']);
add('scale', 1000, ['thousand', 'thousands']);
add('scale', 1e6, ['million', 'millions']);
add('scale', 1e9, ['billion', 'billions']);

/** Lexicon lookup. "oh" is zero only where digits are being dictated (phones), else it is an interjection. */
export function numberWord(word: string, allowOh = false): NumWord | undefined {
  if (allowOh && word === 'oh') return { value: 0, kind: 'zero' };
  return LEX.get(word);
}

export interface Parsed {
  value: number;
  /** Index of the first token after the parsed number. */
  end: number;
}

const wordAt = (toks: readonly Tok[], i: number, allowOh: boolean): NumWord | undefined => {
  const t = toks[i];
  return t !== undefined && t.kind === 'word' ? numberWord(t.t, allowOh) : undefined;
};

/**
 * One group below a thousand, following place order: hundreds, then tens, then units
 * ("сто двадцать три", "one hundred and three"). Stops where the order breaks, so dictated
 * phone digits "девятьсот девяносто девять сто двадцать три" split into 999 and 123.
 */
export function parseGroup(toks: readonly Tok[], i: number, allowOh = false): Parsed | null {
  let j = i;
  let value = 0;
  let state: 'start' | 'hundred' | 'ten' = 'start';
  for (;;) {
    const tok = toks[j];
    // "twenty-five": a hyphen joins tens and units.
    if (
      tok?.t === '-' &&
      state === 'ten' &&
      toks[j + 1]?.start === tok.end &&
      wordAt(toks, j + 1, false)?.kind === 'unit'
    ) {
      j++;
      continue;
    }
    if (tok === undefined || tok.kind !== 'word') break;
    if (tok.t === 'and' && state === 'hundred') {
      const nx = wordAt(toks, j + 1, false);
      if (nx && (nx.kind === 'unit' || nx.kind === 'teen' || nx.kind === 'ten')) {
        j++;
        continue;
      }
      break;
    }
    let w = numberWord(tok.t, allowOh);
    if (w === undefined && tok.t === 'a' && state === 'start') {
      const nx = wordAt(toks, j + 1, false);
      if (nx && (nx.kind === 'hundredMul' || nx.kind === 'scale')) w = { value: 1, kind: 'unit' };
    }
    if (w === undefined) break;
    if (state === 'start') {
      if (w.kind === 'zero') return { value: 0, end: j + 1 };
      if (w.kind === 'unit' || w.kind === 'teen') {
        const nx = wordAt(toks, j + 1, false);
        if (nx?.kind === 'hundredMul' && Number.isInteger(w.value)) {
          value = w.value * 100;
          state = 'hundred';
          j += 2;
          continue;
        }
        return { value: w.value, end: j + 1 };
      }
      if (w.kind === 'ten') {
        value = w.value;
        state = 'ten';
      } else if (w.kind === 'hundred' || w.kind === 'hundredMul') {
        value = w.value;
        state = 'hundred';
      } else break;
      j++;
      continue;
    }
    if (state === 'hundred') {
      if (w.kind === 'unit' && Number.isInteger(w.value)) return { value: value + w.value, end: j + 1 };
      if (w.kind === 'teen') return { value: value + w.value, end: j + 1 };
      if (w.kind === 'ten') {
        value += w.value;
        state = 'ten';
        j++;
        continue;
      }
      break;
    }
    // state === 'ten'
    if (w.kind === 'unit' && Number.isInteger(w.value)) return { value: value + w.value, end: j + 1 };
    break;
  }
  return j > i ? { value, end: j } : null;
}

/** A full cardinal with thousands/millions ("две тысячи двадцать четыре", "полторы тысячи", "2 миллиона"). */
export function parseCardinal(toks: readonly Tok[], i: number): Parsed | null {
  let total = 0;
  let j = i;
  let lastScale = Infinity;
  let any = false;
  for (;;) {
    const tok = toks[j];
    if (tok === undefined) break;
    if (any && tok.t === 'and') {
      const nx = wordAt(toks, j + 1, false);
      if (nx && nx.kind !== 'scale') {
        j++;
        continue;
      }
      break;
    }
    let g: Parsed | null = null;
    if (tok.kind === 'num' && !any) {
      const sc = wordAt(toks, j + 1, false);
      if (sc?.kind === 'scale') g = { value: Number(tok.t), end: j + 1 };
    } else {
      g = parseGroup(toks, j);
    }
    const scaleTok = wordAt(toks, g ? g.end : j, false);
    if (scaleTok?.kind === 'scale' && scaleTok.value < lastScale) {
      total += (g ? g.value : 1) * scaleTok.value;
      lastScale = scaleTok.value;
      j = (g ? g.end : j) + 1;
      any = true;
      continue;
    }
    if (g && g.value < lastScale) {
      total += g.value;
      j = g.end;
      any = true;
    }
    break;
  }
  return any ? { value: total, end: j } : null;
}

// Ordinals. Russian ordinals decline like adjectives, so we match a stem plus any adjective ending.
const RU_ORD_STEMS: [string, number][] = (
  [
    ['перв', 1],
    ['втор', 2],
    ['трет', 3],
    ['четверт', 4],
    ['пят', 5],
    ['шест', 6],
    ['седьм', 7],
    ['восьм', 8],
    ['девят', 9],
    ['десят', 10],
    ['одиннадцат', 11],
    ['двенадцат', 12],
    ['тринадцат', 13],
    ['четырнадцат', 14],
    ['пятнадцат', 15],
    ['шестнадцат', 16],
    ['семнадцат', 17],
    ['восемнадцат', 18],
    ['девятнадцат', 19],
    ['двадцат', 20],
    ['тридцат', 30],
    ['сороков', 40],
    ['пятидесят', 50],
    ['шестидесят', 60],
    ['семидесят', 70],
    ['восьмидесят', 80],
    ['девяност', 90],
    ['сот', 100],
  ] as [string, number][]
).sort((a, b) => b[0].length - a[0].length);
const RU_ADJ_ENDINGS = new Set([
  'ый',
  'ой',
  'ий',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ого',
  'его',
  'ому',
  'ему',
  'ым',
  'им',
  'ом',
  'ем',
  'ую',
  'юю',
  'ых',
  'их',
  'ыми',
  'ими',
  'ей',
]);
// "третий" declines with a soft sign (третьего, третью); kept apart so "пятью" stays a cardinal.
const RU_TRET_ENDINGS = new Set([
  'ий',
  'ья',
  'ье',
  'ью',
  'ьи',
  'ьего',
  'ьему',
  'ьим',
  'ьем',
  'ьих',
  'ьими',
  'ьей',
]);
const EN_ORD: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

/** Value of a single ordinal word ("пятого", "третьей", "fifth"), or undefined. */
export function ordinalWord(word: string): number | undefined {
  const en = EN_ORD[word];
  if (en !== undefined) return en;
  for (const [stem, v] of RU_ORD_STEMS) {
    if (!word.startsWith(stem)) continue;
    const ending = word.slice(stem.length);
    if (stem === 'трет' ? RU_TRET_ENDINGS.has(ending) : RU_ADJ_ENDINGS.has(ending)) return v;
  }
  return undefined;
}

const ORD_SUFFIX = new Set([
  'st',
  'nd',
  'rd',
  'th',
  'го',
  'ого',
  'е',
  'ое',
  'й',
  'ой',
  'ый',
  'ий',
  'я',
  'ая',
  'м',
  'ом',
]);

/**
 * An ordinal at i: "двадцать пятого", "twenty-first", "3rd", "5-го", "5го". Returns null when
 * there is no ordinal marker (plain digits are handled by the caller).
 */
export function parseOrdinal(toks: readonly Tok[], i: number): Parsed | null {
  const tok = toks[i];
  if (tok === undefined) return null;
  if (tok.kind === 'num') {
    const a = toks[i + 1];
    if (a && a.kind === 'word' && ORD_SUFFIX.has(a.t) && a.start === tok.end)
      return { value: Number(tok.t), end: i + 2 };
    const b = toks[i + 2];
    if (a && b && a.t === '-' && b.kind === 'word' && ORD_SUFFIX.has(b.t) && a.start === tok.end) {
      return { value: Number(tok.t), end: i + 3 };
    }
    return null;
  }
  if (tok.kind !== 'word') return null;
  const direct = ordinalWord(tok.t);
  if (direct !== undefined) return { value: direct, end: i + 1 };
  const w = numberWord(tok.t);
  if (w?.kind === 'ten' || w?.kind === 'hundred' || w?.kind === 'hundredMul') {
    let j = i + 1;
    if (toks[j]?.t === '-') j++;
    const nx = toks[j];
    const o = nx && nx.kind === 'word' ? ordinalWord(nx.t) : undefined;
    if (o !== undefined && o < (w.kind === 'ten' ? 10 : 100)) return { value: w.value + o, end: j + 1 };
  }
  return null;
}
