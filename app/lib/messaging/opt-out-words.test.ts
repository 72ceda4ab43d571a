import { describe, expect, it } from 'vitest';
import { isOptOut } from './opt-out-words.ts';

describe('opt-out replies', () => {
  it.each([
    'STOP',
    'stop',
    'Stop.',
    'СТОП',
    'стоп!!!',
    'Стоп пожалуйста',
    'отписаться',
    'Отписаться',
    'UNSUBSCRIBE',
    'unsubscribe me',
    '/stop',
    '/stop@clinic_bot',
    '  stop  ',
    'opt out',
  ])('"%s" opts out', (text) => expect(isOptOut(text)).toBe(true));

  it.each([
    '',
    'Хорошо, спасибо',
    'да',
    "please don't stop sending the reminders to me",
    'stopwatch',
    'не стоп',
    '/start',
  ])('"%s" does not', (text) => expect(isOptOut(text)).toBe(false));
});
