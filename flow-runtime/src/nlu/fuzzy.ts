// Edit-distance and n-gram similarity. Bounded Levenshtein keeps intent matching well under a
// millisecond: most vocabulary pairs are rejected by length difference or an early row cut-off.

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance; returns max+1 as soon as the distance must exceed max. */
export function levenshtein(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (rowA.length <= lb) {
    rowA = new Int32Array(lb + 1);
    rowB = new Int32Array(lb + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]!;
}

/** 1 - distance / longer length, in 0..1. */
export function similarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  if (n === 0) return 1;
  return 1 - levenshtein(a, b) / n;
}

/**
 * Similarity of two word stems tolerant to STT typos: exact 1, a shared prefix of 4+ letters
 * covering the shorter word 0.85, else edit similarity when it is at least 0.74; short words
 * (under 4 letters) must match exactly because one edit changes their meaning.
 */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const short = Math.min(a.length, b.length);
  if (short < 4) return 0;
  if (a.startsWith(b) || b.startsWith(a)) return 0.85;
  const long = Math.max(a.length, b.length);
  const max = long >= 8 ? 2 : 1;
  const d = levenshtein(a, b, max);
  if (d > max) return 0;
  const s = 1 - d / long;
  return s >= 0.74 ? s : 0;
}

/** Character trigrams of a normalised string, words padded with spaces so word edges count. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  const s = ` ${text} `;
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

/** Dice coefficient of two trigram sets, 0..1. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}
