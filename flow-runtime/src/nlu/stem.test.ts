import { describe, expect, it } from 'vitest';
import { stemEn, stemRu } from './index';

describe('stemRu (Snowball Russian)', () => {
  it.each([
    ['оператором', 'оператор'],
    ['оператора', 'оператор'],
    ['операторы', 'оператор'],
    ['соедините', 'соедин'],
    ['позовите', 'позов'],
    ['красивая', 'красив'],
    ['книги', 'книг'],
    ['вещь', 'вещ'],
    ['бегущий', 'бегущ'],
    ['двадцать', 'двадца'],
    ['ёлка', 'елк'],
    ['заказа', 'заказ'],
    ['заказать', 'заказа'],
    ['отменить', 'отмен'],
    ['доставки', 'доставк'],
    ['доставку', 'доставк'],
    ['длинный', 'длин'],
    ['прекраснейший', 'прекрасн'],
    ['читала', 'чита'],
    ['говорила', 'говор'],
    ['смеясь', 'сме'],
    ['радость', 'радост'],
    ['я', 'я'],
  ])('%s -> %s', (w, s) => expect(stemRu(w)).toBe(s));

  it('folds inflected forms of a noun to one stem', () => {
    const forms = [
      'оператор',
      'оператора',
      'оператору',
      'оператором',
      'операторе',
      'операторов',
      'операторам',
    ];
    expect(new Set(forms.map(stemRu)).size).toBe(1);
  });
});

describe('stemEn (Porter2)', () => {
  it.each([
    ['consign', 'consign'],
    ['consigned', 'consign'],
    ['consigning', 'consign'],
    ['consignment', 'consign'],
    ['generously', 'generous'],
    ['running', 'run'],
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'tie'],
    ['cats', 'cat'],
    ['happily', 'happili'],
    ['relational', 'relat'],
    ['agreed', 'agre'],
    ['hopping', 'hop'],
    ['hoping', 'hope'],
    ['communism', 'communism'],
    ['knightly', 'knight'],
    ['skies', 'sky'],
    ['dying', 'die'],
    ['news', 'news'],
    ['cancellation', 'cancel'],
    ['operator', 'oper'],
    ['talking', 'talk'],
    ['is', 'is'],
  ])('%s -> %s', (w, s) => expect(stemEn(w)).toBe(s));
});
