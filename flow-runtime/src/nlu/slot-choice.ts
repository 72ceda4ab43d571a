// choice slot: the option whose value or synonym is best covered by the utterance, comparing
// stems with typo tolerance, plus a whole-string trigram fallback for STT splitting/merging words
// ("мастер кард" vs "mastercard"). A negated mention ("не красный") does not count. Two options
// tied at the top is ambiguous. If nothing matches by name, ordinal positions work ("второй",
// "the first one", "последний", "номер два").
import { type FindContext, type Found, spanOf } from './found';
import { dice, trigrams, wordSimilarity } from './fuzzy';
import { normalize, type Tok } from './normalize';
import { numberWord, ordinalWord, parseOrdinal } from './number-words';
import { stem } from './stem';

export interface Choice {
  value: string;
  synonyms: string[];
}

interface Prepared {
  choiceIndex: number;
  stems: string[];
  compact: Set<string>;
}

const cache = new WeakMap<readonly Choice[], Prepared[]>();

function prepareChoices(choices: readonly Choice[]): Prepared[] {
  const hit = cache.get(choices);
  if (hit) return hit;
  const out: Prepared[] = [];
  choices.forEach((c, choiceIndex) => {
    for (const phrase of [c.value, ...c.synonyms]) {
      const n = normalize(phrase);
      if (n === '') continue;
      out.push({ choiceIndex, stems: n.split(' ').map(stem), compact: trigrams(n.replace(/ /g, '')) });
    }
  });
  cache.set(choices, out);
  return out;
}

const NEGATORS = new Set(['не', 'not', 'no', 'нет', 'без', 'without']);
const LAST_WORDS = new Set(['последний', 'последнюю', 'последняя', 'последнее', 'последнего', 'last']);

interface Score {
  score: number;
  matched: number;
  from: number;
  to: number;
}

function phraseScore(
  p: Prepared,
  words: readonly Tok[],
  wordStems: readonly string[],
  compact: Set<string>,
): Score {
  let sum = 0;
  let matched = 0;
  let from = Infinity;
  let to = -1;
  for (const ps of p.stems) {
    let best = 0;
    let at = -1;
    for (let k = 0; k < wordStems.length; k++) {
      const s = wordSimilarity(ps, wordStems[k]!);
      if (s > best && !NEGATORS.has(words[k - 1]?.t ?? '')) {
        best = s;
        at = k;
      }
    }
    if (best > 0) {
      matched++;
      from = Math.min(from, at);
      to = Math.max(to, at);
    }
    sum += best;
  }
  const coverage = sum / p.stems.length;
  const whole = dice(p.compact, compact) * 0.9;
  if (whole > coverage) return { score: whole, matched: p.stems.length, from: 0, to: words.length - 1 };
  return { score: coverage, matched, from, to };
}

function positional(
  words: readonly Tok[],
  count: number,
): { index: number; from: number; to: number } | null {
  for (let k = 0; k < words.length; k++) {
    const t = words[k]!.t;
    if (LAST_WORDS.has(t)) return { index: count - 1, from: k, to: k };
    const o =
      parseOrdinal(words, k) ??
      (ordinalWord(t) !== undefined ? { value: ordinalWord(t)!, end: k + 1 } : null);
    if (o && o.value >= 1 && o.value <= count) return { index: o.value - 1, from: k, to: o.end - 1 };
    // "номер два", "вариант 2", "option two", "number 3"
    if (/^(номер|вариант|option|number)$/.test(t)) {
      const nx = words[k + 1];
      const v = nx?.kind === 'num' ? Number(nx.t) : nx ? numberWord(nx.t)?.value : undefined;
      if (v !== undefined && Number.isInteger(v) && v >= 1 && v <= count)
        return { index: v - 1, from: k, to: k + 1 };
    }
  }
  return null;
}

export function findChoice(ctx: FindContext, choices: readonly Choice[] | undefined): Found | null {
  if (!choices || choices.length === 0) return null;
  const prepared = prepareChoices(choices);
  const words = ctx.toks.filter((t) => t.kind !== 'sym');
  if (words.length === 0) return null;
  const wordStems = words.map((w) => stem(w.t));
  const compact = trigrams(words.map((w) => w.t).join(''));
  const perChoice: (Score | undefined)[] = [];
  for (const p of prepared) {
    const s = phraseScore(p, words, wordStems, compact);
    const cur = perChoice[p.choiceIndex];
    if (!cur || s.score > cur.score || (s.score === cur.score && s.matched > cur.matched))
      perChoice[p.choiceIndex] = s;
  }
  let best = -1;
  let second = -1;
  for (let i = 0; i < perChoice.length; i++) {
    const s = perChoice[i];
    if (!s) continue;
    const b = best >= 0 ? perChoice[best]! : undefined;
    if (!b || s.score > b.score || (s.score === b.score && s.matched > b.matched)) {
      second = best;
      best = i;
    } else if (second < 0 || s.score > perChoice[second]!.score) {
      second = i;
    }
  }
  const b = best >= 0 ? perChoice[best] : undefined;
  const s2 = second >= 0 ? perChoice[second] : undefined;
  if (b && b.score >= 0.7) {
    const tied = s2 !== undefined && s2.score >= b.score - 0.02 && s2.matched >= b.matched;
    if (!tied) {
      const c = choices[best]!;
      return { value: c.value, display: c.value, ...spanOf(words, b.from, b.to + 1) };
    }
    return null;
  }
  const pos = positional(words, choices.length);
  if (pos) {
    const c = choices[pos.index]!;
    return { value: c.value, display: c.value, ...spanOf(words, pos.from, pos.to + 1) };
  }
  return null;
}
