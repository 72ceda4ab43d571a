import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentence-splitter.ts';

describe('splitSentences', () => {
  it('splits English and Russian sentences and keeps their punctuation', () => {
    expect(splitSentences('Hello there! How can I help? We are open.')).toEqual([
      'Hello there!',
      'How can I help?',
      'We are open.',
    ]);
    expect(splitSentences('Здравствуйте! Чем могу помочь? Мы работаем до восьми…  Ждём вас.')).toEqual([
      'Здравствуйте!',
      'Чем могу помочь?',
      'Мы работаем до восьми…',
      'Ждём вас.',
    ]);
  });

  it('does not split after abbreviations and initials', () => {
    expect(splitSentences('Dr. Smith will call you, e.g. tomorrow. Mr. J. Brown agreed.')).toEqual([
      'Dr. Smith will call you, e.g. tomorrow.',
      'Mr. J. Brown agreed.',
    ]);
    expect(
      splitSentences('Приходите на ул. Ленина, д. 5, т. е. к нам. А. С. Пушкин жил в г. Москве.'),
    ).toEqual(['Приходите на ул. Ленина, д. 5, т. е. к нам.', 'А. С. Пушкин жил в г. Москве.']);
  });

  it('splits after "etc." or "т.д." only when a new sentence starts', () => {
    expect(splitSentences('Apples, pears etc. and plums. Thanks.')).toEqual([
      'Apples, pears etc. and plums.',
      'Thanks.',
    ]);
    expect(splitSentences('Яблоки, груши и т.д. Спасибо.')).toEqual(['Яблоки, груши и т.д.', 'Спасибо.']);
  });

  it('keeps numbers, prices and addresses whole', () => {
    expect(splitSentences('The price is 3.50 dollars. Call 8.800.555.35.35 now.')).toEqual([
      'The price is 3.50 dollars.',
      'Call 8.800.555.35.35 now.',
    ]);
    expect(splitSentences('Стоимость 1 500 руб. в месяц. Это 2.5 часа.')).toEqual([
      'Стоимость 1 500 руб. в месяц.',
      'Это 2.5 часа.',
    ]);
    expect(splitSentences('It was 2024. Then we moved.')).toEqual(['It was 2024.', 'Then we moved.']);
  });

  it('handles closing quotes and mixed terminators', () => {
    expect(splitSentences('Он сказал: «Приду». Правда?! Да.')).toEqual([
      'Он сказал: «Приду».',
      'Правда?!',
      'Да.',
    ]);
  });

  it('cuts a run-on sentence at a comma and never returns empty pieces', () => {
    const long = `${'word '.repeat(30)}, ${'more '.repeat(30)}`;
    const parts = splitSentences(long, 100);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(100);
    expect(splitSentences('   ')).toEqual([]);
  });
});
