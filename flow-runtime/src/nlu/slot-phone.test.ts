import { describe, expect, it } from 'vitest';
import { extractSlot } from './index';

const ru = { language: 'ru' as const };
const en = { language: 'en' as const };

describe('phone slot', () => {
  it.each([
    ['+7 (999) 123-45-67', '+79991234567'],
    ['8 999 123 45 67', '+79991234567'],
    ['89991234567', '+79991234567'],
    ['8-999-123-45-67', '+79991234567'],
    ['+7 999 1234567', '+79991234567'],
    ['999 123 45 67', '+79991234567'],
    ['мой номер 8 (495) 123-45-67, звоните', '+74951234567'],
    ['восемь девятьсот девяносто девять сто двадцать три сорок пять шестьдесят семь', '+79991234567'],
    ['плюс семь девять девять девять один два три четыре пять шесть семь', '+79991234567'],
    ['восемь девятьсот двенадцать триста сорок пять ноль ноль ноль один', '+79123450001'],
    ['8 916 сто двадцать три 45 67', '+79161234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['00 49 30 123456', '+4930123456'],
  ])('ru %s -> %s', (t, v) => expect(extractSlot('phone', t, ru)).toMatchObject({ ok: true, value: v }));

  it.each([
    ['(555) 123-4567', '+15551234567'],
    ['five five five one two three four five six seven', '+15551234567'],
    ['double five five one two three four five six seven', '+15551234567'],
    ['plus seven nine one six one two three four five six seven', '+79161234567'],
    ['it is 555 oh one two three four five six', '+15550123456'],
  ])('en %s -> %s', (t, v) => expect(extractSlot('phone', t, en)).toMatchObject({ ok: true, value: v }));

  it('formats Russian numbers for display', () => {
    expect(extractSlot('phone', '89991234567', ru)).toEqual({
      ok: true,
      value: '+79991234567',
      display: '+7 (999) 123-45-67',
    });
  });

  it.each(['', 'не помню', '123', '12 34 56', 'позвоните завтра', '+7 999'])('fails on %j', (t) =>
    expect(extractSlot('phone', t, ru)).toEqual({ ok: false }),
  );
});
