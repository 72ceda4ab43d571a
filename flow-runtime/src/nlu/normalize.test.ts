import { describe, expect, it } from 'vitest';
import { detectLanguage, normalize, tokenize } from './index';

describe('normalize / tokenize', () => {
  it('folds case and ё, strips punctuation', () => {
    expect(normalize('  Ещё РАЗ, пожалуйста!!! ')).toBe('еще раз пожалуйста');
    expect(normalize("Don't STOP — now.")).toBe('dont stop now');
    expect(tokenize('Соедините… с оператором?')).toEqual(['соедините', 'с', 'оператором']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('!!!')).toEqual([]);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['Здравствуйте, хочу записаться', 'ru'],
    ['Hello, I want to book', 'en'],
    ['мой email ivan@mail.ru', 'en'],
    ['позвоните мне завтра, ok?', 'ru'],
    ['', 'ru'],
    ['12345', 'ru'],
    ['Yes', 'en'],
  ] as const)('%s -> %s', (t, l) => expect(detectLanguage(t)).toBe(l));
});
