// Text normalisation shared by every matcher. Kept in one place so slots, intents and choices
// agree on what a "word" is (ё folded to е, case folded, apostrophes dropped).

/** Lowercase and fold ё→е, keeping punctuation: slot extractors need ":", "+", "@" and friends. */
export function prepare(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е');
}

/** Lowercase, ё→е, punctuation to single spaces, trimmed. */
export function normalize(text: string): string {
  return prepare(text)
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Word tokens of normalize(text). */
export function tokenize(text: string): string[] {
  const n = normalize(text);
  return n === '' ? [] : n.split(' ');
}

export type TokKind = 'word' | 'num' | 'sym';

/** A token with its offsets in the prepared string, so extractors can report and mask spans. */
export interface Tok {
  t: string;
  kind: TokKind;
  start: number;
  end: number;
}

// Digits and letters are split ("3rd" -> "3","rd"; "5го" -> "5","го") so ordinals and units parse uniformly.
const SCAN_RE = /(\d+)|([\p{L}\p{M}]+(?:['’ʼ][\p{L}]+)*)|(\S)/gu;

/** Tokens of an already prepared string, punctuation kept as one-character 'sym' tokens. */
export function scan(prepared: string): Tok[] {
  const out: Tok[] = [];
  for (const m of prepared.matchAll(SCAN_RE)) {
    const start = m.index;
    const raw = m[0];
    const kind: TokKind = m[1] !== undefined ? 'num' : m[2] !== undefined ? 'word' : 'sym';
    out.push({ t: kind === 'word' ? raw.replace(/['’ʼ]/g, '') : raw, kind, start, end: start + raw.length });
  }
  return out;
}

/** True when b follows a with nothing (not even a space) between them. */
export function adjacent(a: Tok | undefined, b: Tok | undefined): boolean {
  return a !== undefined && b !== undefined && a.end === b.start;
}
