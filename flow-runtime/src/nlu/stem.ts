import { isCyrillicWord } from './language';
import { stemEn } from './stem-en';
import { stemRu } from './stem-ru';

// Stemmer choice goes by the word's own script, not the flow language: STT output for Russian
// flows routinely contains Latin brand names and vice versa.
const cache = new Map<string, string>();

export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const s = /^\d/.test(word) ? word : isCyrillicWord(word) ? stemRu(word) : stemEn(word);
  // Bounded so a long-lived process cannot grow the cache without limit.
  if (cache.size > 50_000) cache.clear();
  cache.set(word, s);
  return s;
}
