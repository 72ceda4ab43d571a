// Snowball Russian stemmer, written from the published algorithm description
// (snowballstem.org/algorithms/russian/stemmer.html). Every suffix test is confined to RV;
// the derivational suffix must also lie in R2. Among a suffix list the longest match wins and,
// as in Snowball, a failed condition on that match does not fall back to a shorter suffix.

const VOWELS = new Set(['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я']);

const PERFECTIVE_GERUND_1 = ['в', 'вши', 'вшись'];
const PERFECTIVE_GERUND_2 = ['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись'];
const ADJECTIVE = [
  'ее',
  'ие',
  'ые',
  'ое',
  'ими',
  'ыми',
  'ей',
  'ий',
  'ый',
  'ой',
  'ем',
  'им',
  'ым',
  'ом',
  'его',
  'ого',
  'ему',
  'ому',
  'их',
  'ых',
  'ую',
  'юю',
  'ая',
  'яя',
  'ою',
  'ею',
];
const PARTICIPLE_1 = ['ем', 'нн', 'вш', 'ющ', 'щ'];
const PARTICIPLE_2 = ['ивш', 'ывш', 'ующ'];
const REFLEXIVE = ['ся', 'сь'];
const VERB_1 = [
  'ла',
  'на',
  'ете',
  'йте',
  'ли',
  'й',
  'л',
  'ем',
  'н',
  'ло',
  'но',
  'ет',
  'ют',
  'ны',
  'ть',
  'ешь',
  'нно',
];
const VERB_2 = [
  'ила',
  'ыла',
  'ена',
  'ейте',
  'уйте',
  'ите',
  'или',
  'ыли',
  'ей',
  'уй',
  'ил',
  'ыл',
  'им',
  'ым',
  'ен',
  'ило',
  'ыло',
  'ено',
  'ят',
  'ует',
  'уют',
  'ит',
  'ыт',
  'ены',
  'ить',
  'ыть',
  'ишь',
  'ую',
  'ю',
];
const NOUN = [
  'а',
  'ев',
  'ов',
  'ие',
  'ье',
  'е',
  'иями',
  'ями',
  'ами',
  'еи',
  'ии',
  'и',
  'ией',
  'ей',
  'ой',
  'ий',
  'й',
  'иям',
  'ям',
  'ием',
  'ем',
  'ам',
  'ом',
  'о',
  'у',
  'ах',
  'иях',
  'ях',
  'ы',
  'ь',
  'ию',
  'ью',
  'ю',
  'ия',
  'ья',
  'я',
];
const DERIVATIONAL = ['ост', 'ость'];
const SUPERLATIVE = ['ейш', 'ейше'];

const byLengthDesc = (a: string, b: string): number => b.length - a.length;

interface Group {
  suffixes: string[];
  needsAYa: Set<string>;
}

function group(first: string[], second: string[]): Group {
  return { suffixes: [...first, ...second].sort(byLengthDesc), needsAYa: new Set(first) };
}

const PG = group(PERFECTIVE_GERUND_1, PERFECTIVE_GERUND_2);
const PART = group(PARTICIPLE_1, PARTICIPLE_2);
const VERB = group(VERB_1, VERB_2);
const ADJ_SORTED = [...ADJECTIVE].sort(byLengthDesc);
const NOUN_SORTED = [...NOUN].sort(byLengthDesc);
const REFL_SORTED = [...REFLEXIVE].sort(byLengthDesc);

function longest(word: string, limit: number, suffixes: readonly string[]): string | undefined {
  for (const s of suffixes) {
    if (word.length - s.length >= limit && word.endsWith(s)) return s;
  }
  return undefined;
}

/** Removes the longest suffix of a two-group class; group-1 suffixes must follow а or я (inside RV). */
function removeGroup(word: string, rv: number, g: Group): string | undefined {
  const s = longest(word, rv, g.suffixes);
  if (s === undefined) return undefined;
  const cut = word.length - s.length;
  if (g.needsAYa.has(s)) {
    const prev = word[cut - 1];
    if (cut - 1 < rv || (prev !== 'а' && prev !== 'я')) return undefined;
  }
  return word.slice(0, cut);
}

function removeList(word: string, limit: number, sorted: readonly string[]): string | undefined {
  const s = longest(word, limit, sorted);
  return s === undefined ? undefined : word.slice(0, word.length - s.length);
}

function regionAfterVowelConsonant(word: string, from: number): number {
  for (let i = from + 1; i < word.length; i++) {
    if (!VOWELS.has(word[i]!) && VOWELS.has(word[i - 1]!)) return i + 1;
  }
  return word.length;
}

export function stemRu(input: string): string {
  let w = input.toLowerCase().replace(/ё/g, 'е');
  let rv = w.length;
  for (let i = 0; i < w.length; i++) {
    if (VOWELS.has(w[i]!)) {
      rv = i + 1;
      break;
    }
  }
  const r1 = regionAfterVowelConsonant(w, 0);
  const r2 = regionAfterVowelConsonant(w, r1);

  // Step 1
  const pg = removeGroup(w, rv, PG);
  if (pg !== undefined) {
    w = pg;
  } else {
    w = removeList(w, rv, REFL_SORTED) ?? w;
    const adj = removeList(w, rv, ADJ_SORTED);
    if (adj !== undefined) {
      w = removeGroup(adj, rv, PART) ?? adj;
    } else {
      w = removeGroup(w, rv, VERB) ?? removeList(w, rv, NOUN_SORTED) ?? w;
    }
  }
  // Step 2
  if (w.length > rv && w.endsWith('и')) w = w.slice(0, -1);
  // Step 3
  w = removeList(w, Math.max(r2, rv), DERIVATIONAL) ?? w;
  // Step 4
  if (w.length - 2 >= rv && w.endsWith('нн')) {
    w = w.slice(0, -1);
  } else {
    const sup = removeList(w, rv, SUPERLATIVE);
    if (sup !== undefined) {
      w = sup.length - 2 >= rv && sup.endsWith('нн') ? sup.slice(0, -1) : sup;
    } else if (w.length > rv && w.endsWith('ь')) {
      w = w.slice(0, -1);
    }
  }
  return w;
}
