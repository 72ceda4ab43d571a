import { describe, expect, it } from 'vitest';
import { extractSlot } from './index';

const ru = { language: 'ru' as const };
const en = { language: 'en' as const };

describe('time slot', () => {
  it.each([
    ['15:30', '15:30'],
    ['в 15.30', '15:30'],
    ['в три часа дня', '15:00'],
    ['в три', '15:00'],
    ['в 3', '15:00'],
    ['половина четвёртого', '15:30'],
    ['пол четвертого', '15:30'],
    ['полчетвертого', '15:30'],
    ['пол-восьмого', '19:30'],
    ['пол-восьмого утра', '07:30'],
    ['половина первого', '12:30'],
    ['без четверти пять', '16:45'],
    ['без пятнадцати пять', '16:45'],
    ['без десяти шесть', '17:50'],
    ['без четверти час', '12:45'],
    ['четверть пятого', '16:15'],
    ['десять минут пятого', '16:10'],
    ['в 10 утра', '10:00'],
    ['в десять', '10:00'],
    ['в девять тридцать вечера', '21:30'],
    ['пятнадцать тридцать', '15:30'],
    ['в пятнадцать ноль пять', '15:05'],
    ['в 15 часов 30 минут', '15:30'],
    ['в два часа ночи', '02:00'],
    ['в одиннадцать вечера', '23:00'],
    ['в 12 ночи', '00:00'],
    ['в 12 дня', '12:00'],
    ['в час дня', '13:00'],
    ['полдень', '12:00'],
    ['в полночь', '00:00'],
    ['вечером в семь', '19:00'],
    ['давайте в 09:00', '09:00'],
    ['к восьми', '08:00'],
    ['около 7 утра', '07:00'],
    ['приеду завтра в 15:30', '15:30'],
  ])('ru %s -> %s', (t, v) => expect(extractSlot('time', t, ru)).toMatchObject({ ok: true, value: v }));

  it.each([
    ['3 pm', '15:00'],
    ['3pm', '15:00'],
    ['3:30 pm', '15:30'],
    ['at 10 am', '10:00'],
    ['12 am', '00:00'],
    ['12 pm', '12:00'],
    ['quarter past ten', '10:15'],
    ['a quarter to five', '16:45'],
    ['half past three', '15:30'],
    ['ten to five', '16:50'],
    ['twenty past nine', '09:20'],
    ['noon', '12:00'],
    ['midnight', '00:00'],
    ['at three', '15:00'],
    ['three thirty', '15:30'],
    ['seven in the evening', '19:00'],
    ['nine oclock', '09:00'],
    ["nine o'clock", '09:00'],
    ['ten oh five', '10:05'],
    ['at 7 p.m.', '19:00'],
    ['at 8 a m', '08:00'],
  ])('en %s -> %s', (t, v) => expect(extractSlot('time', t, en)).toMatchObject({ ok: true, value: v }));

  it.each(['', 'не знаю', 'нас будет трое человек', '25:00', 'в 99', 'когда удобно', 'next week'])(
    'fails on %j',
    (t) => expect(extractSlot('time', t, ru)).toEqual({ ok: false }),
  );
});

describe('time read back in the caller’s language (issue 18)', () => {
  it('an English caller hears "3 pm", not "15:00"; the stored value stays 24-hour', () => {
    expect(extractSlot('time', 'at three in the afternoon', { language: 'en' })).toEqual({
      ok: true,
      value: '15:00',
      display: '3 pm',
    });
    expect(extractSlot('time', 'at 9:30 am', { language: 'en' })).toMatchObject({ display: '9:30 am' });
    expect(extractSlot('time', 'в 15:30', { language: 'ru' })).toMatchObject({ display: '15:30' });
  });
});
