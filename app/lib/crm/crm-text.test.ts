import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-parse';
import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it('reads the ways Russian numbers are written as one E.164 number', () => {
    for (const raw of [
      '+7 916 123-45-67',
      '89161234567',
      '8 (916) 123 45 67',
      '79161234567',
      '9161234567',
      'sip:+79161234567@carrier.example',
      'tel:+7-916-123-45-67',
    ])
      expect(normalizePhone(raw), raw).toBe('+79161234567');
    expect(normalizePhone('+1 202 555 0123')).toBe('+12025550123');
  });

  it('refuses what is no phone number', () => {
    for (const raw of ['caller', 'sip:caller@127.0.0.1', '12', '', 'abc-def'])
      expect(normalizePhone(raw), raw).toBeNull();
  });
});

describe('parseCsv', () => {
  it('reads quoted cells, doubled quotes and line breaks, with the delimiter the header uses', () => {
    expect(parseCsv('\uFEFFName;Phone\n"Иванов; Иван";"8 916 ""1"""\r\nПётр;+7\n')).toEqual([
      ['Name', 'Phone'],
      ['Иванов; Иван', '8 916 "1"'],
      ['Пётр', '+7'],
    ]);
    expect(parseCsv('a,b\n"x\ny",2\n\n')).toEqual([
      ['a', 'b'],
      ['x\ny', '2'],
    ]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
