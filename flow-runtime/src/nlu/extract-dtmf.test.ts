import { describe, expect, it } from 'vitest';
import { extractDtmfSlot } from './index';

const now = Date.UTC(2025, 2, 3, 10);
const ru = {
  language: 'ru' as const,
  now,
  choices: [
    { value: 'a', synonyms: [] },
    { value: 'b', synonyms: [] },
  ],
};

describe('extractDtmfSlot', () => {
  it.each([
    ['number', '42#', 42],
    ['number', '12*5', 12.5],
    ['yes_no', '1', true],
    ['yes_no', '2', false],
    ['choice', '2', 'b'],
    ['phone', '89991234567#', '+79991234567'],
    ['phone', '9991234567', '+79991234567'],
    ['time', '1530', '15:30'],
    ['time', '9', '09:00'],
    ['date', '05032025', '2025-03-05'],
    ['date', '0103', '2026-03-01'],
    ['date', '5*3*2025', '2025-03-05'],
    ['free_text', '123', '123'],
  ] as const)('%s %s -> %s', (type, d, v) =>
    expect(extractDtmfSlot(type, d, ru)).toMatchObject({ ok: true, value: v }),
  );

  it.each([
    ['yes_no', '3'],
    ['choice', '3'],
    ['choice', '0'],
    ['choice', ''],
    ['phone', '123'],
    ['time', '2561'],
    ['date', '3102'],
    ['email', '123'],
    ['number', ''],
    ['number', 'abc'],
    ['free_text', '#'],
    ['number', '1**2'],
  ] as const)('%s %j fails', (type, d) => expect(extractDtmfSlot(type, d, ru)).toEqual({ ok: false }));
});
