import { describe, expect, it } from 'vitest';
import { extractSlot } from './index';

// Monday 3 March 2025, 10:00 UTC (13:00 in Moscow).
const now = Date.UTC(2025, 2, 3, 10);
const ru = { language: 'ru' as const, now, timeZone: 'Europe/Moscow' };
const en = { language: 'en' as const, now, timeZone: 'Europe/London' };

describe('date slot', () => {
  it.each([
    ['5 марта', '2025-03-05'],
    ['пятого марта', '2025-03-05'],
    ['5-го марта', '2025-03-05'],
    ['двадцать пятого декабря 2025 года', '2025-12-25'],
    ['первое января', '2026-01-01'],
    ['1 марта', '2026-03-01'],
    ['третьего апреля', '2025-04-03'],
    ['31 мая 2026 г.', '2026-05-31'],
    ['сегодня', '2025-03-03'],
    ['завтра', '2025-03-04'],
    ['послезавтра', '2025-03-05'],
    ['вчера', '2025-03-02'],
    ['в пятницу', '2025-03-07'],
    ['в понедельник', '2025-03-10'],
    ['в эту среду', '2025-03-05'],
    ['в следующую пятницу', '2025-03-14'],
    ['через неделю', '2025-03-10'],
    ['через 3 дня', '2025-03-06'],
    ['через две недели', '2025-03-17'],
    ['через месяц', '2025-04-03'],
    ['15.04.2025', '2025-04-15'],
    ['15.04', '2025-04-15'],
    ['01.02.26', '2026-02-01'],
    ['2025-04-01', '2025-04-01'],
    ['давайте 10 числа', '2025-03-10'],
    ['пятого числа', '2025-03-05'],
    ['второго числа', '2025-04-02'],
    ['приеду завтра в 15:30', '2025-03-04'],
    ['двадцать девятого февраля', '2028-02-29'],
  ])('ru %s -> %s', (t, v) => expect(extractSlot('date', t, ru)).toMatchObject({ ok: true, value: v }));

  it.each([
    ['3rd of March', '2025-03-03'],
    ['the 3rd of March', '2025-03-03'],
    ['March 3', '2025-03-03'],
    ['March 3rd, 2026', '2026-03-03'],
    ['3 March', '2025-03-03'],
    ['twenty-first of June', '2025-06-21'],
    ['today', '2025-03-03'],
    ['tomorrow', '2025-03-04'],
    ['the day after tomorrow', '2025-03-05'],
    ['next Friday', '2025-03-14'],
    ['on Friday', '2025-03-07'],
    ['this Monday', '2025-03-03'],
    ['Monday', '2025-03-10'],
    ['in 3 days', '2025-03-06'],
    ['in a week', '2025-03-10'],
    ['04/05/2025', '2025-04-05'],
    ['25/12/2025', '2025-12-25'],
    ['on the 5th', '2025-03-05'],
    ['May 9th', '2025-05-09'],
  ])('en %s -> %s', (t, v) => expect(extractSlot('date', t, en)).toMatchObject({ ok: true, value: v }));

  it('uses the flow time zone for "today"', () => {
    // 23:30 UTC on 3 March is already 4 March in Moscow.
    const late = Date.UTC(2025, 2, 3, 23, 30);
    expect(
      extractSlot('date', 'сегодня', { language: 'ru', now: late, timeZone: 'Europe/Moscow' }),
    ).toMatchObject({ value: '2025-03-04' });
    expect(extractSlot('date', 'сегодня', { language: 'ru', now: late })).toMatchObject({
      value: '2025-03-03',
    });
    expect(extractSlot('date', 'today', { language: 'en', now: late, timeZone: 'Not/AZone' })).toMatchObject({
      value: '2025-03-03',
    });
  });

  it('gives a readable display', () => {
    expect(extractSlot('date', '5 марта', ru)).toEqual({
      ok: true,
      value: '2025-03-05',
      display: '5 марта 2025',
    });
    expect(extractSlot('date', 'March 5', en)).toEqual({
      ok: true,
      value: '2025-03-05',
      display: 'March 5, 2025',
    });
  });

  it('explicit dates work without now; relative ones need it', () => {
    expect(extractSlot('date', '15.04.2025', { language: 'ru' })).toMatchObject({
      ok: true,
      value: '2025-04-15',
    });
    expect(extractSlot('date', 'завтра', { language: 'ru' })).toEqual({ ok: false });
  });

  it.each(['', 'не знаю', '31 февраля', '32.01.2025', 'когда-нибудь', 'may I come', '15:30', 'в марте'])(
    'fails on %j',
    (t) => expect(extractSlot('date', t, ru)).toEqual({ ok: false }),
  );
});
