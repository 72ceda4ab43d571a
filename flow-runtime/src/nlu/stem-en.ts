// English (Porter2) Snowball stemmer, written from the published description
// (snowballstem.org/algorithms/english/stemmer.html). R1/R2 are fixed positions computed once,
// as in Snowball; "in R1" means the suffix starts at or after that position.

const EXCEPTIONS_1: Record<string, string> = {
  skis: 'ski',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  idly: 'idl',
  gently: 'gentl',
  ugly: 'ugli',
  early: 'earli',
  only: 'onli',
  singly: 'singl',
  sky: 'sky',
  news: 'news',
  howe: 'howe',
  atlas: 'atlas',
  cosmos: 'cosmos',
  bias: 'bias',
  andes: 'andes',
};
const EXCEPTIONS_2 = new Set([
  'inning',
  'outing',
  'canning',
  'herring',
  'earring',
  'proceed',
  'exceed',
  'succeed',
]);
const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const LI_ENDING = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

const STEP2: [string, string][] = [
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['tional', 'tion'],
  ['biliti', 'ble'],
  ['lessli', 'less'],
  ['entli', 'ent'],
  ['ation', 'ate'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['ousli', 'ous'],
  ['iviti', 'ive'],
  ['fulli', 'ful'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['izer', 'ize'],
  ['ator', 'ate'],
  ['alli', 'al'],
  ['bli', 'ble'],
  ['ogi', 'og'],
  ['li', ''],
];
const STEP3: [string, string][] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ative', ''],
  ['ical', 'ic'],
  ['ness', ''],
  ['ful', ''],
];
const STEP4 = [
  'ement',
  'ance',
  'ence',
  'able',
  'ible',
  'ment',
  'ant',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'ion',
  'al',
  'er',
  'ic',
];

const isVowel = (c: string | undefined): boolean => c !== undefined && 'aeiouy'.includes(c);

function regionAfter(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  }
  return w.length;
}

function endsShortSyllable(w: string): boolean {
  const n = w.length;
  if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
  if (n < 3) return false;
  const c = w[n - 1]!;
  return !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(c) && c !== 'w' && c !== 'x' && c !== 'Y';
}

function hasVowel(s: string): boolean {
  for (const c of s) if (isVowel(c)) return true;
  return false;
}

export function stemEn(input: string): string {
  let w = input.toLowerCase();
  if (w.length <= 2) return w;
  const exc = EXCEPTIONS_1[w];
  if (exc !== undefined) return exc;
  if (w.startsWith("'")) w = w.slice(1);
  // Mark consonant y so vowel tests treat it as a consonant.
  w = w.replace(/^y/, 'Y').replace(/([aeiouy])y/g, '$1Y');

  const prefix = /^(gener|commun|arsen)/.exec(w);
  const r1 = prefix ? prefix[0].length : regionAfter(w, 0);
  const r2 = regionAfter(w, r1);
  const inR1 = (suffixLen: number): boolean => w.length - suffixLen >= r1;
  const inR2 = (suffixLen: number): boolean => w.length - suffixLen >= r2;

  // Step 0
  for (const s of ["'s'", "'s", "'"]) {
    if (w.endsWith(s)) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ied') || w.endsWith('ies')) w = w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie');
  else if (w.endsWith('us') || w.endsWith('ss')) {
    // unchanged
  } else if (w.endsWith('s') && hasVowel(w.slice(0, -2))) w = w.slice(0, -1);

  if (EXCEPTIONS_2.has(w)) return w;

  // Step 1b
  const s1b = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find((s) => w.endsWith(s));
  if (s1b === 'eed' || s1b === 'eedly') {
    if (inR1(s1b.length)) w = w.slice(0, -s1b.length) + 'ee';
  } else if (s1b !== undefined) {
    const stem = w.slice(0, -s1b.length);
    if (hasVowel(stem)) {
      w = stem;
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (DOUBLES.has(w.slice(-2))) w = w.slice(0, -1);
      else if (endsShortSyllable(w) && r1 >= w.length) w += 'e';
    }
  }
  // Step 1c
  if (w.length > 2 && /[yY]$/.test(w) && !isVowel(w[w.length - 2])) w = w.slice(0, -1) + 'i';

  // Step 2
  const s2 = STEP2.find(([s]) => w.endsWith(s));
  if (s2 !== undefined && inR1(s2[0].length)) {
    const [s, r] = s2;
    const prev = w[w.length - s.length - 1];
    if (s === 'ogi') {
      if (prev === 'l') w = w.slice(0, -s.length) + r;
    } else if (s === 'li') {
      if (prev !== undefined && LI_ENDING.has(prev)) w = w.slice(0, -2);
    } else {
      w = w.slice(0, -s.length) + r;
    }
  }
  // Step 3
  const s3 = STEP3.find(([s]) => w.endsWith(s));
  if (s3 !== undefined && inR1(s3[0].length)) {
    const [s, r] = s3;
    if (s !== 'ative' || inR2(s.length)) w = w.slice(0, -s.length) + r;
  }
  // Step 4
  const s4 = STEP4.find((s) => w.endsWith(s));
  if (s4 !== undefined && inR2(s4.length)) {
    if (s4 !== 'ion') w = w.slice(0, -s4.length);
    else if (/[st]$/.test(w.slice(0, -3))) w = w.slice(0, -3);
  }
  // Step 5
  if (w.endsWith('e')) {
    if (inR2(1) || (inR1(1) && !endsShortSyllable(w.slice(0, -1)))) w = w.slice(0, -1);
  } else if (w.endsWith('ll') && inR2(1)) {
    w = w.slice(0, -1);
  }
  return w.replace(/Y/g, 'y');
}
