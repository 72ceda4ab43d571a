import { EN_TEENS, EN_TENS, EN_UNITS, type ExpectedPhrases } from '#flow-runtime/index';

/**
 * A JSGF grammar of what a flow expects an English caller to say, for a grammar-constrained local
 * recogniser (pocketsphinx), from the phrases flow-runtime's `expectedPhrases` lists. Pure: the dictionary is
 * passed in as a word check.
 */

// The NLU's own number words, so the recogniser can hear every number the flow can read.
const ONES = ['zero', ...EN_UNITS];
const TEENS = EN_TEENS;
const TENS = ['', '', ...EN_TENS];
/** Words a number slot is spoken with: any sequence of them ("four two", "twenty one", "one hundred"). */
const NUMBER_WORDS = [...ONES, 'oh', ...TEENS, ...TENS.filter(Boolean), 'hundred', 'thousand', 'million'];

/**
 * Short, common words: the garbage alternative. An unexpected sentence decodes as a run of these rather
 * than as the nearest expected phrase, and the connector then reports nothing heard. The flow's own words
 * are kept out of it on purpose: with them the garbage path also beat clearly spoken phrases.
 */
const FILLER_WORDS = [
  // Tried on espeak-ng speech: one-phone words ("a", "i", "uh") let garbage beat clear phrases.
  'the',
  'you',
  'is',
  'to',
  'and',
  'of',
  'in',
  'for',
  'my',
  'me',
  'what',
  'do',
  'can',
  'want',
  'have',
  'how',
  'that',
  'this',
  'please',
  'well',
];

/**
 * Runs are written out as nested optionals, not `( ... )+`: pocketsphinx 5prealpha turns a `+` loop into
 * a jump back to the rule it started in, so "garbage then a phrase" would decode as the phrase.
 */
const MAX_RUN = 12;
const run = (rule: string, min = 1) =>
  [...Array<string>(min).fill(rule), ...Array<string>(MAX_RUN - min).fill(`[${rule}]`)].join(' ');
/**
 * Garbage is at least this many words: with fewer, two filler words ("you this") out-scored a short
 * clear answer ("yes"). A one- or two-word unexpected answer is therefore decoded as the nearest phrase.
 */
const MIN_GARBAGE_WORDS = 3;

/** 0..999999 in words ("42" -> "forty two"); longer numbers digit by digit, as callers read them. */
export function spellNumber(digits: string): string {
  const value = Number(digits);
  if (digits.length > 6 || (digits.length > 1 && digits.startsWith('0')) || !Number.isSafeInteger(value))
    return [...digits].map((d) => ONES[Number(d)]).join(' ');
  const below1000 = (n: number): string[] => {
    const words: string[] = [];
    if (n >= 100) words.push(ONES[Math.floor(n / 100)]!, 'hundred');
    const rest = n % 100;
    if (rest >= 20) {
      words.push(TENS[Math.floor(rest / 10)]!);
      if (rest % 10) words.push(ONES[rest % 10]!);
    } else if (rest >= 10) words.push(TEENS[rest - 10]!);
    else if (rest > 0 || words.length === 0) words.push(ONES[rest]!);
    return words;
  };
  if (value < 1000) return below1000(value).join(' ');
  const rest = value % 1000;
  return [...below1000(Math.floor(value / 1000)), 'thousand', ...(rest ? below1000(rest) : [])].join(' ');
}

/** Lower case words of the dictionary's alphabet: digits spelled out, punctuation gone, "don't" kept. */
export function normalizePhrase(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\d+/g, (digits) => ` ${spellNumber(digits)} `)
    .replace(/[^a-z' ]+/g, ' ')
    .split(' ')
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

export interface FlowGrammar {
  /** JSGF text for `-jsgf`. */
  jsgf: string;
  /** The phrases as they stand in the grammar (normalised, deduplicated). */
  phrases: string[];
  /** Words left out because the dictionary cannot pronounce them. */
  droppedWords: string[];
  numbers: boolean;
}

const quoteFree = (words: string[]) => words.join(' ');

/**
 * The grammar: `<phrase>` | `<number>` | `<garbage>`. A word missing from the dictionary would
 * make the decoder reject the whole grammar, so it is left out of its phrase (the rest still matches);
 * a phrase left with no words is dropped.
 */
export function buildFlowGrammar(
  expected: ExpectedPhrases,
  inDictionary: (word: string) => boolean,
): FlowGrammar {
  const dropped = new Set<string>();
  const kept = (words: string[]) =>
    words.filter((word) => {
      if (inDictionary(word)) return true;
      dropped.add(word);
      return false;
    });
  const phrases = [
    ...new Set(expected.phrases.map((phrase) => quoteFree(kept(normalizePhrase(phrase)))).filter(Boolean)),
  ].sort();
  const numberWords = expected.numbers ? NUMBER_WORDS.filter(inDictionary) : [];
  const fillerWords = FILLER_WORDS.filter(inDictionary);
  const alternatives: string[] = [];
  const rules: string[] = [];
  if (phrases.length > 0) {
    alternatives.push('<phrase>');
    rules.push(`<phrase> = ${phrases.join(' | ')};`);
  }
  if (numberWords.length > 0) {
    alternatives.push('<number>');
    rules.push(`<number> = ${run('<digit>')};`, `<digit> = ${numberWords.join(' | ')};`);
  }
  if (fillerWords.length > 0) {
    alternatives.push('<garbage>');
    rules.push(
      `<garbage> = ${run('<filler>', MIN_GARBAGE_WORDS)};`,
      `<filler> = ${fillerWords.join(' | ')};`,
    );
  }
  const jsgf = [
    '#JSGF V1.0;',
    'grammar flow;',
    `public <utterance> = ${alternatives.join(' | ')};`,
    ...rules,
    '',
  ].join('\n');
  return { jsgf, phrases, droppedWords: [...dropped].sort(), numbers: numberWords.length > 0 };
}

/** Pocketsphinx marks alternative pronunciations "to(3)"; the dictionary's words without them. */
export function dictionaryWords(dictText: string): Set<string> {
  const words = new Set<string>();
  for (const line of dictText.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    words.add(line.slice(0, space).replace(/\(\d+\)$/, ''));
  }
  return words;
}
