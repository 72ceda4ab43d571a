import { describe, expect, it } from 'vitest';
import { nextAllowed, localTime } from '../compliance/local-time.ts';
import { normalisePhone } from '../compliance/phone-number.ts';
import { zonesForNumber } from '../compliance/phone-zones.ts';
import { readContactList } from './contact-list.ts';
import { csvCell, parseCsv } from './csv-table.ts';

describe('contact lists', () => {
  it('reads CSV as exported by Excel: BOM, semicolons, quotes with line breaks, CRLF', () => {
    const table = parseCsv(
      '\uFEFFТелефон;Комментарий\r\n"+7 912 345-67-89";"Сказал: ""перезвоните""\r\nвечером"\r\n\r\n',
    );
    expect(table.columns).toEqual(['Телефон', 'Комментарий']);
    expect(table.rows).toEqual([['+7 912 345-67-89', 'Сказал: "перезвоните"\r\nвечером']]);
  });

  it('normalises Russian and international writings to E.164 and refuses what is not a number', () => {
    expect(normalisePhone('8 (912) 345-67-89')).toEqual({ ok: true, e164: '+79123456789' });
    expect(normalisePhone('9123456789')).toEqual({ ok: true, e164: '+79123456789' });
    expect(normalisePhone('00 44 20 7946 0958')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalisePhone('12345')).toEqual({ ok: false, reason: 'invalid' });
    expect(normalisePhone('  ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('merges duplicates, lists bad rows with their reason and keeps other columns as variables', () => {
    const list = readContactList(
      parseCsv(
        'phone,name,tz,amount\n+79123456789,Ann,,100\n89123456789,,Asia/Omsk,\nxx,Bob,,5\n+79120000000,Cy,Mars/Base,1\n',
      ),
      { phone: 'phone', name: 'name', timezone: 'tz' },
    );
    expect(list.contacts).toEqual([
      {
        phone: '+79123456789',
        name: 'Ann',
        timezone: 'Asia/Omsk',
        variables: { amount: '100' },
        rows: [1, 2],
      },
    ]);
    expect(list.duplicates).toBe(1);
    expect(list.errors).toEqual([
      { row: 3, value: 'xx', reason: 'invalid_phone' },
      { row: 4, value: 'Mars/Base', reason: 'unknown_timezone' },
    ]);
  });

  it('writes CSV cells that spreadsheets cannot run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+79123456789')).toBe('+79123456789');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});

describe('callee time zones', () => {
  it('derives a zone from a Russian area code, every Russian zone for a mobile number', () => {
    expect(zonesForNumber('+74232123456', 'Europe/Moscow')).toEqual(['Asia/Vladivostok']);
    expect(zonesForNumber('+73432123456', 'Europe/Moscow')).toEqual(['Asia/Yekaterinburg']);
    expect(zonesForNumber('+79123456789', 'Europe/Moscow')).toHaveLength(11);
    expect(zonesForNumber('+442079460958', 'Europe/Moscow')).toEqual(['Europe/London']);
  });

  it('finds the next moment a window opens in every zone (the intersection for a mobile number)', () => {
    const rule = (l: { minutes: number }) => l.minutes >= 8 * 60 && l.minutes < 22 * 60;
    // 8:00–22:00 local from Kaliningrad (UTC+2) to Kamchatka (UTC+12) overlaps only 06:00–10:00 UTC.
    const zones = zonesForNumber('+79123456789', 'Europe/Moscow');
    expect(nextAllowed(new Date('2026-12-07T11:00:00Z'), zones, [rule])?.toISOString()).toBe(
      '2026-12-08T06:00:00.000Z',
    );
    expect(localTime(new Date('2026-12-07T21:30:00Z'), 'Asia/Vladivostok')).toEqual({
      date: '2026-12-08',
      weekday: 2,
      minutes: 450,
    });
  });
});
