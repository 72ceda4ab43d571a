// Intent matching without an LLM. Each example is scored against the utterance by
//  * weighted stem overlap in both directions (precision over the utterance, recall over the
//    example), where words shared by many intents and function words weigh less (IDF), and
//    stems match with typo tolerance (wordSimilarity);
//  * character-trigram Dice over the whole normalised text, for STT splits/merges and typos.
// The best example per intent gives the intent's score. Everything derivable from the intents
// array is built once and cached in a WeakMap keyed by that array, so a turn costs one pass over
// the vocabulary plus the examples that share a stem or trigram with the utterance.
import { trigrams, wordSimilarity } from './fuzzy';
import { normalize } from './normalize';
import { stem } from './stem';

export interface IntentDef {
  name: string;
  examples: string[];
}
export interface IntentMatch {
  name: string;
  score: number;
}

export const INTENT_THRESHOLD = 0.5;

/** A function word ("the", "в"), which says nothing about what a phrase is about. */
export const isStopword = (word: string): boolean => STOPWORDS.has(word);

const TOKEN_WEIGHT = 0.7;
const TRIGRAM_WEIGHT = 0.3;

// Function words: they still count, but a shared "с" or "the" must not make two phrases similar.
const STOPWORDS = new Set([
  'в',
  'во',
  'на',
  'с',
  'со',
  'к',
  'ко',
  'по',
  'о',
  'об',
  'от',
  'до',
  'из',
  'за',
  'у',
  'и',
  'а',
  'но',
  'или',
  'же',
  'ли',
  'бы',
  'то',
  'это',
  'я',
  'мне',
  'меня',
  'мы',
  'нам',
  'нас',
  'вы',
  'вас',
  'вам',
  'ты',
  'тебя',
  'он',
  'она',
  'они',
  'мой',
  'моя',
  'мое',
  'мои',
  'ваш',
  'ваша',
  'ваше',
  'наш',
  'пожалуйста',
  'здравствуйте',
  'привет',
  'алло',
  'ну',
  'вот',
  'так',
  'как',
  'что',
  'там',
  'тут',
  'уже',
  'еще',
  'можно',
  'будьте',
  'добры',
  'какой',
  'какая',
  'какое',
  'какие',
  'каков',
  'скажите',
  'подскажите',
  'свой',
  'свою',
  'своего',
  'моего',
  'моему',
  'моей',
  'вашего',
  'вашей',
  'a',
  'an',
  'the',
  'to',
  'of',
  'in',
  'on',
  'at',
  'for',
  'with',
  'and',
  'or',
  'but',
  'is',
  'are',
  'am',
  'be',
  'i',
  'me',
  'my',
  'we',
  'us',
  'you',
  'your',
  'it',
  'this',
  'that',
  'please',
  'hello',
  'hi',
  'hey',
  'can',
  'could',
  'would',
  'um',
  'uh',
  'so',
  'just',
  'some',
  'do',
  'does',
  'what',
  'whats',
  'like',
  'are',
  'was',
  'tell',
  'its',
  'there',
]);
const STOPWORD_WEIGHT = 0.15;
/** Weight of an utterance word no intent knows: it is probably filler, but not certainly. */
const UNKNOWN_WEIGHT = 0.35;

interface Example {
  intent: number;
  norm: string;
  vocab: number[];
  weights: number[];
  weightSum: number;
  trigramCount: number;
}

interface Index {
  names: string[];
  vocab: Map<string, number>;
  vocabList: string[];
  idf: Float64Array;
  stop: Uint8Array;
  examples: Example[];
  postings: number[][];
  trigramPostings: Map<string, number[]>;
  exact: Map<string, number>;
  /** Per-example scratch counters reused across calls (JS is single-threaded) to spare the GC. */
  scratchCommon: Int32Array;
  scratchSeen: Uint8Array;
}

const cache = new WeakMap<readonly IntentDef[], Index>();

function buildIndex(intents: readonly IntentDef[]): Index {
  const vocab = new Map<string, number>();
  const vocabList: string[] = [];
  const stopList: boolean[] = [];
  const dfSets: Set<number>[] = [];
  const raw: { intent: number; norm: string; ids: number[] }[] = [];
  intents.forEach((intent, ii) => {
    for (const ex of intent.examples) {
      const norm = normalize(ex);
      if (norm === '') continue;
      const ids: number[] = [];
      for (const w of norm.split(' ')) {
        const s = stem(w);
        let id = vocab.get(s);
        if (id === undefined) {
          id = vocabList.length;
          vocab.set(s, id);
          vocabList.push(s);
          stopList.push(STOPWORDS.has(w));
          dfSets.push(new Set());
        }
        if (!STOPWORDS.has(w)) stopList[id] = false;
        dfSets[id]!.add(ii);
        if (!ids.includes(id)) ids.push(id);
      }
      raw.push({ intent: ii, norm, ids });
    }
  });
  const n = Math.max(1, intents.length);
  const idf = new Float64Array(vocabList.length);
  const stop = new Uint8Array(vocabList.length);
  const maxIdf = Math.log(1 + n);
  for (let id = 0; id < vocabList.length; id++) {
    stop[id] = stopList[id] ? 1 : 0;
    // 0.4..1: a word in every intent still counts a little, a unique one fully.
    idf[id] = stopList[id] ? STOPWORD_WEIGHT : 0.4 + (0.6 * Math.log(1 + n / dfSets[id]!.size)) / maxIdf;
  }
  const postings: number[][] = vocabList.map(() => []);
  const trigramPostings = new Map<string, number[]>();
  const exact = new Map<string, number>();
  const examples: Example[] = raw.map((r, ei) => {
    for (const id of r.ids) postings[id]!.push(ei);
    const tg = trigrams(r.norm);
    for (const g of tg) {
      let list = trigramPostings.get(g);
      if (!list) trigramPostings.set(g, (list = []));
      list.push(ei);
    }
    if (!exact.has(r.norm)) exact.set(r.norm, r.intent);
    const weights = r.ids.map((id) => idf[id]!);
    return {
      intent: r.intent,
      norm: r.norm,
      vocab: r.ids,
      weights,
      weightSum: weights.reduce((a, b) => a + b, 0),
      trigramCount: tg.size,
    };
  });
  return {
    names: intents.map((i) => i.name),
    vocab,
    vocabList,
    idf,
    stop,
    examples,
    postings,
    trigramPostings,
    exact,
    scratchCommon: new Int32Array(examples.length),
    scratchSeen: new Uint8Array(examples.length),
  };
}

function indexFor(intents: readonly IntentDef[]): Index {
  let idx = cache.get(intents);
  if (!idx) {
    idx = buildIndex(intents);
    cache.set(intents, idx);
  }
  return idx;
}

interface QueryWord {
  weight: number;
  /** vocab id -> similarity, for every vocabulary stem this word resembles. */
  sims: Map<number, number>;
}

function queryWords(idx: Index, words: readonly string[]): QueryWord[] {
  const out: QueryWord[] = [];
  const seen = new Set<string>();
  for (const w of words) {
    const s = stem(w);
    if (seen.has(s)) continue;
    seen.add(s);
    const sims = new Map<number, number>();
    const exactId = idx.vocab.get(s);
    if (exactId !== undefined) sims.set(exactId, 1);
    if (s.length >= 4) {
      for (let id = 0; id < idx.vocabList.length; id++) {
        if (id === exactId) continue;
        const v = idx.vocabList[id]!;
        if (v.length < 4 || Math.abs(v.length - s.length) > 3) continue;
        const sim = wordSimilarity(s, v);
        if (sim > 0) sims.set(id, sim);
      }
    }
    let weight: number;
    if (STOPWORDS.has(w)) weight = STOPWORD_WEIGHT;
    else if (sims.size === 0) weight = UNKNOWN_WEIGHT;
    else {
      // Weight of the closest known stem, so shared words count the same on both sides.
      let bestSim = 0;
      weight = UNKNOWN_WEIGHT;
      for (const [id, sim] of sims) {
        if (sim > bestSim) {
          bestSim = sim;
          weight = idx.idf[id]!;
        }
      }
    }
    out.push({ weight, sims });
  }
  return out;
}

/** Scores every intent; exported for tests and tuning. Sorted best first. */
export function scoreIntents(text: string, intents: readonly IntentDef[]): IntentMatch[] {
  const norm = normalize(text);
  if (norm === '' || intents.length === 0) return [];
  const idx = indexFor(intents);
  const best = new Float64Array(idx.names.length);
  const exactIntent = idx.exact.get(norm);
  if (exactIntent !== undefined) best[exactIntent] = 1;

  const q = queryWords(idx, norm.split(' '));
  const qWeightSum = q.reduce((a, w) => a + w.weight, 0);
  const qTri = trigrams(norm);
  const common = idx.scratchCommon;
  const seen = idx.scratchSeen;
  const candidates: number[] = [];
  const touch = (ei: number): void => {
    if (seen[ei] === 0) {
      seen[ei] = 1;
      candidates.push(ei);
    }
  };
  for (const g of qTri) {
    const list = idx.trigramPostings.get(g);
    if (list) {
      for (const ei of list) {
        common[ei]!++;
        touch(ei);
      }
    }
  }
  for (const w of q) for (const id of w.sims.keys()) for (const ei of idx.postings[id]!) touch(ei);

  const qBest = new Float64Array(q.length);
  for (const ei of candidates) {
    const ex = idx.examples[ei]!;
    qBest.fill(0);
    let recall = 0;
    for (let k = 0; k < ex.vocab.length; k++) {
      const id = ex.vocab[k]!;
      let bestSim = 0;
      for (let j = 0; j < q.length; j++) {
        const s = q[j]!.sims.get(id);
        if (s !== undefined) {
          if (s > bestSim) bestSim = s;
          if (s > qBest[j]!) qBest[j] = s;
        }
      }
      recall += ex.weights[k]! * bestSim;
    }
    recall /= ex.weightSum || 1;
    let precision = 0;
    for (let j = 0; j < q.length; j++) precision += q[j]!.weight * qBest[j]!;
    precision /= qWeightSum || 1;
    const tokenScore = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const c = common[ei]!;
    common[ei] = 0;
    seen[ei] = 0;
    const tri = (2 * c) / (qTri.size + ex.trigramCount);
    // Trigrams rescue typos and split/merged words but must not drag down a clean word match
    // whose phrasing differs ("оператора позовите" vs "соедините с оператором").
    const score = Math.min(1, Math.max(tokenScore, TOKEN_WEIGHT * tokenScore + TRIGRAM_WEIGHT * tri));
    if (score > best[ex.intent]!) best[ex.intent] = score;
  }
  const out: IntentMatch[] = [];
  best.forEach((score, i) => {
    if (score > 0) out.push({ name: idx.names[i]!, score: Math.round(score * 1000) / 1000 });
  });
  return out.sort((a, b) => b.score - a.score);
}

export function matchIntent(text: string, intents: IntentDef[], _language: 'ru' | 'en'): IntentMatch | null {
  // Language is not needed: stemmers are chosen per word by script, so mixed input works too.
  const top = scoreIntents(text, intents)[0];
  return top !== undefined && top.score >= INTENT_THRESHOLD ? top : null;
}
