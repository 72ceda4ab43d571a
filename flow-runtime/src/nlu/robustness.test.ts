import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  extractDtmfSlot,
  extractSlot,
  findSlotsInText,
  matchIntent,
  normalize,
  type SlotType,
  stemEn,
  stemRu,
  tokenize,
} from './index';

const TYPES: SlotType[] = ['number', 'date', 'time', 'phone', 'email', 'yes_no', 'choice', 'free_text'];
const intents = [
  { name: 'a', examples: ['соедините с оператором', 'talk to operator'] },
  { name: 'b', examples: ['где мой заказ', 'where is my order'] },
];
const choices = [
  { value: 'red', synonyms: ['красный'] },
  { value: 'blue', synonyms: [] },
];
// Bias generated text toward the vocabulary the parsers react to, so deep branches get exercised.
const word = fc.constantFrom(
  'в',
  'без',
  'четверти',
  'пол',
  'половина',
  'пятого',
  'двадцать',
  'сто',
  'тысяч',
  'минус',
  'марта',
  'the',
  'of',
  '3rd',
  'quarter',
  'past',
  'to',
  'at',
  'dot',
  'собака',
  'точка',
  'да',
  'нет',
  'не',
  'через',
  'in',
  'next',
  'пятницу',
  ':',
  '.',
  ',',
  '-',
  '+',
  '(',
  ')',
  '0',
  '12',
  '31',
  '2025',
  '99999999999',
  'a',
  'and',
  'hundred',
  'oh',
  'double',
  'числа',
);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(word, { maxLength: 12 }).map((w) => w.join(' ')),
);

describe('robustness', () => {
  it('nothing throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom<'ru' | 'en'>('ru', 'en'),
        fc.integer({ min: 0, max: 4102444800000 }),
        (t, language, now) => {
          const options = { language, now, choices, timeZone: 'Europe/Moscow' };
          for (const type of TYPES) {
            const r = extractSlot(type, t, options);
            expect(typeof r.ok).toBe('boolean');
            extractDtmfSlot(type, t, options);
          }
          findSlotsInText(TYPES, t, options);
          const m = matchIntent(t, intents, language);
          if (m) {
            expect(m.score).toBeGreaterThanOrEqual(0.5);
            expect(m.score).toBeLessThanOrEqual(1);
          }
          detectLanguage(t);
          normalize(t);
          tokenize(t);
          for (const w of tokenize(t)) {
            stemRu(w);
            stemEn(w);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('date and time values are well formed whenever extraction succeeds', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 4102444800000 }), (t, now) => {
        const d = extractSlot('date', t, { language: 'ru', now });
        if (d.ok) expect(d.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const tm = extractSlot('time', t, { language: 'en' });
        if (tm.ok) expect(tm.value).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        const p = extractSlot('phone', t, { language: 'ru' });
        if (p.ok) expect(p.value).toMatch(/^\+\d{8,15}$/);
      }),
      { numRuns: 400 },
    );
  });
});
