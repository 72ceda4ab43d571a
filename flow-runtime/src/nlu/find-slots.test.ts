import { describe, expect, it } from 'vitest';
import { findSlotsInText } from './index';

const now = Date.UTC(2025, 2, 3, 10);
const ru = { language: 'ru' as const, now, timeZone: 'Europe/Moscow' };
const en = { language: 'en' as const, now };

describe('findSlotsInText', () => {
  it('fills date and time out of order', () => {
    const r = findSlotsInText(['number', 'date', 'time'], 'меня зовут Иван, приеду завтра в 15:30', ru);
    expect(r.date?.value).toBe('2025-03-04');
    expect(r.time?.value).toBe('15:30');
    expect(r.number).toBeUndefined();
  });

  it('keeps a guest count apart from the time', () => {
    const r = findSlotsInText(['number', 'time', 'date'], 'столик на четверых в пятницу в семь вечера', ru);
    expect(r).toMatchObject({
      number: { value: 4 },
      time: { value: '19:00' },
      date: { value: '2025-03-07' },
    });
  });

  it('finds phone and email together', () => {
    const r = findSlotsInText(['phone', 'email'], 'телефон 8 999 123 45 67, почта ivan@mail.ru', ru);
    expect(r).toMatchObject({ phone: { value: '+79991234567' }, email: { value: 'ivan@mail.ru' } });
  });

  it('works in English', () => {
    const r = findSlotsInText(['date', 'time', 'number'], 'table for 2 tomorrow at 8 pm', en);
    expect(r).toMatchObject({
      date: { value: '2025-03-04' },
      time: { value: '20:00' },
      number: { value: 2 },
    });
  });

  it('does not read a date as a number', () => {
    const r = findSlotsInText(['date', 'number'], '15.04.2025', ru);
    expect(r.date?.value).toBe('2025-04-15');
    expect(r.number).toBeUndefined();
  });

  it('returns nothing for unrelated text', () => {
    expect(findSlotsInText(['date', 'time', 'phone', 'email'], 'просто хочу поговорить', ru)).toEqual({});
  });
});
