import { describe, expect, it } from 'vitest';
import { dice, levenshtein, similarity, trigrams, wordSimilarity } from './index';

describe('fuzzy', () => {
  it('levenshtein', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('оператор', 'аператор')).toBe(1);
    expect(levenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
  });
  it('similarity and wordSimilarity', () => {
    expect(similarity('abc', 'abc')).toBe(1);
    expect(wordSimilarity('оператор', 'аператор')).toBeGreaterThan(0.8);
    expect(wordSimilarity('кот', 'кит')).toBe(0);
    expect(wordSimilarity('доставк', 'доставка')).toBe(0.85);
    expect(wordSimilarity('стол', 'слон')).toBe(0);
  });
  it('trigram dice', () => {
    expect(dice(trigrams('mastercard'), trigrams('mastercard'))).toBe(1);
    expect(dice(trigrams('мастер кард'), trigrams('мастеркард'))).toBeGreaterThan(0.5);
    expect(dice(trigrams('abc'), new Set())).toBe(0);
  });
});
