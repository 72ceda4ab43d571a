import { describe, expect, it } from 'vitest';
import { extractSlot } from './index';

const ru = { language: 'ru' as const };
const en = { language: 'en' as const };

describe('number slot', () => {
  it.each([
    ['25', 25],
    ['мне 25 лет', 25],
    ['двадцать пять', 25],
    ['сто двадцать три', 123],
    ['триста сорок', 340],
    ['две тысячи двадцать четыре', 2024],
    ['полторы тысячи', 1500],
    ['тысяча', 1000],
    ['нас будет пятеро', 5],
    ['для двух человек', 2],
    ['на троих', 3],
    ['пятерых', 5],
    ['-3,5', -3.5],
    ['3,5', 3.5],
    ['минус пять', -5],
    ['1 500', 1500],
    ['1 500 000 рублей', 1500000],
    ['2 тысячи', 2000],
    ['1,5 тысячи', 1500],
    ['ноль', 0],
    ['два с половиной', 2.5],
    ['три запятая пять', 3.5],
    ['девятьсот девяносто девять', 999],
    ['пятьюстами', 500],
    ['одиннадцать', 11],
    ['сорока', 40],
    ['миллион', 1000000],
  ])('ru %s -> %s', (t, v) => expect(extractSlot('number', t, ru)).toMatchObject({ ok: true, value: v }));

  it.each([
    ['twenty five', 25],
    ['twenty-five', 25],
    ['one hundred and three', 103],
    ['a hundred', 100],
    ['three thousand two hundred', 3200],
    ['1,500', 1500],
    ['3.75', 3.75],
    ['minus 4', -4],
    ['forty two please', 42],
    ['two point five', 2.5],
    ['zero', 0],
    ['a thousand and one', 1001],
    ['nineteen', 19],
  ])('en %s -> %s', (t, v) => expect(extractSlot('number', t, en)).toMatchObject({ ok: true, value: v }));

  it('ru display uses a decimal comma', () => {
    expect(extractSlot('number', '2,5', ru)).toEqual({ ok: true, value: 2.5, display: '2,5' });
  });

  it.each(['', 'не знаю', 'много', 'I have no idea', 'сколько-то'])('fails on %j', (t) =>
    expect(extractSlot('number', t, ru)).toEqual({ ok: false }),
  );
});
