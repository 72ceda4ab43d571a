// Internal result of a slot finder: the value plus where it was found in the prepared text, so
// findSlotsInText can mask spans already claimed by another slot type.
import type { Tok } from './normalize';

export interface Found {
  value: string | number | boolean;
  display: string;
  start: number;
  end: number;
}

export interface FindContext {
  /** Output of prepare(text). */
  text: string;
  toks: Tok[];
  language: 'ru' | 'en';
  now?: number;
  timeZone?: string;
}

/** Span from token a (inclusive) to token b (exclusive). */
export function spanOf(toks: readonly Tok[], a: number, b: number): { start: number; end: number } {
  const first = toks[a];
  const last = toks[Math.max(a, b - 1)];
  return { start: first?.start ?? 0, end: last?.end ?? first?.end ?? 0 };
}
