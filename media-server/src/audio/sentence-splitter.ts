/**
 * Splits a reply into sentences for streaming TTS: the first sentence is synthesised and playing while the
 * rest is still being made. A wrong split only costs a slightly odd pause, a missed one costs latency, so
 * the rules stay simple: break after . ! ? … (with closing quotes or brackets) when the next sentence
 * plausibly starts, except after abbreviations, initials and numbered-list digits.
 */

/** Abbreviations that never end a sentence ("Dr. Smith", "ул. Ленина"). Lower-case, without the dot. */
const NEVER_FINAL = new Set([
  // English
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'vs',
  'no',
  'nos',
  'mt',
  'ft',
  'approx',
  'dept',
  'e.g',
  'i.e',
  'cf',
  'fig',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  // Russian
  'г',
  'гг',
  'ул',
  'пр',
  'пл',
  'д',
  'кв',
  'корп',
  'стр',
  'им',
  'т',
  'тел',
  'см',
  'напр',
  'рис',
  'руб',
  'коп',
  'тыс',
  'млн',
  'млрд',
  'проф',
  'акад',
  'доц',
  'св',
  'обл',
  'р-н',
  'пос',
  'с',
  'ст',
  'т.е',
  'т.к',
  'т.н',
  'т.ч',
]);

/** Abbreviations that may end a sentence: a break follows only when the next word is capitalised. */
const MAYBE_FINAL = new Set(['etc', 'inc', 'ltd', 'co', 'т.д', 'т.п', 'др', 'пр']);

const TERMINATORS = '.!?…';
const CLOSERS = '"\'»”’)]';
const OPENERS = '"\'«“‘([';

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** The word right before position `end` (exclusive), including inner dots: "т.е", "e.g", "Dr". */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\p{L}\p{N}.-]/u.test(text[start - 1] ?? '')) start -= 1;
  return text.slice(start, end).replace(/^\.+/, '');
}

/** Whether a sentence may end at `dot` (index of a '.') given the text around it. */
function dotEndsSentence(text: string, dot: number, next: string): boolean {
  const word = wordBefore(text, dot).toLowerCase();
  if (word === '') return true;
  if (NEVER_FINAL.has(word)) return false;
  // A single letter is an initial ("А. С. Пушкин", "J. Smith").
  if (/^\p{L}$/u.test(word)) return false;
  if (MAYBE_FINAL.has(word)) return isUpper(next);
  // "1. Press one" after a list number: a list item, not the end of a sentence, when the item follows.
  if (/^\d{1,2}$/.test(word) && (dot < 3 || /[\n:]/.test(text[dot - word.length - 1] ?? ''))) return false;
  // A sentence starts with a capital, a digit or an opening quote; "etc. and" does not.
  return isUpper(next) || /[\p{N}]/u.test(next) || OPENERS.includes(next) || next === '-' || next === '—';
}

/**
 * Splits `text` into trimmed sentences; pieces longer than `maxLength` are cut at a comma, semicolon or
 * space so that one run-on sentence cannot delay the first audio.
 */
export function splitSentences(text: string, maxLength = 220): string[] {
  const source = text.replace(/\s+/g, ' ').trim();
  const sentences: string[] = [];
  let start = 0;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (!TERMINATORS.includes(ch)) {
      i += 1;
      continue;
    }
    // Take the whole run of punctuation: "?!", "...", '." ', ".)".
    let end = i + 1;
    while (
      end < source.length &&
      (TERMINATORS.includes(source[end] ?? '') || CLOSERS.includes(source[end] ?? ''))
    )
      end += 1;
    if (end >= source.length) break;
    if (source[end] !== ' ') {
      i = end; // "3.5", "example.com", "т.е." inside a word
      continue;
    }
    const next = source[end + 1] ?? '';
    const onlyDots = source.slice(i, end).replace(/[^.!?…]/g, '') === '.';
    if (!onlyDots || dotEndsSentence(source, i, next)) {
      sentences.push(source.slice(start, end).trim());
      start = end + 1;
    }
    i = end;
  }
  const rest = source.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences.flatMap((sentence) => cutLong(sentence, maxLength));
}

function cutLong(sentence: string, maxLength: number): string[] {
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > maxLength) {
    const window = rest.slice(0, maxLength);
    const soft = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(' — '));
    const cut =
      soft > maxLength / 3 ? soft + 1 : window.lastIndexOf(' ') > 0 ? window.lastIndexOf(' ') : maxLength;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}
