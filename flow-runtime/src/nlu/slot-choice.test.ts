import { describe, expect, it } from 'vitest';
import { extractSlot } from './index';

const colors = [
  { value: 'красный', synonyms: ['красненький', 'алый'] },
  { value: 'синий', synonyms: ['голубой'] },
  { value: 'зелёный', synonyms: [] },
];
const cards = [
  { value: 'mastercard', synonyms: ['мастеркард'] },
  { value: 'visa', synonyms: ['виза'] },
  { value: 'mir', synonyms: ['мир', 'карта мир'] },
];
const departments = [
  { value: 'sales', synonyms: ['отдел продаж', 'продажи', 'купить'] },
  { value: 'support', synonyms: ['техническая поддержка', 'техподдержка', 'поддержка'] },
  { value: 'billing', synonyms: ['бухгалтерия', 'оплата счетов'] },
];
const en = [
  { value: 'delivery', synonyms: ['courier', 'ship it'] },
  { value: 'pickup', synonyms: ['pick up', 'collect in store'] },
];
const ru = (choices: typeof colors) => ({ language: 'ru' as const, choices });

describe('choice slot', () => {
  it.each([
    ['красный', colors, 'красный'],
    ['Красную, пожалуйста', colors, 'красный'],
    ['давайте синий', colors, 'синий'],
    ['голубую', colors, 'синий'],
    ['зеленый', colors, 'зелёный'],
    ['крассный', colors, 'красный'],
    ['не красный, а синий', colors, 'синий'],
    ['второй', colors, 'синий'],
    ['последний вариант', colors, 'зелёный'],
    ['номер три', colors, 'зелёный'],
    ['мастер кард', cards, 'mastercard'],
    ['визой', cards, 'visa'],
    ['картой мир', cards, 'mir'],
    ['Visa', cards, 'visa'],
    ['соедините с отделом продаж', departments, 'sales'],
    ['у меня вопрос по техподдержке', departments, 'support'],
    ['в бухгалтерию', departments, 'billing'],
    ['хочу купить', departments, 'sales'],
  ])('%s -> %s', (t, choices, v) =>
    expect(extractSlot('choice', t, ru(choices))).toMatchObject({ ok: true, value: v }),
  );

  it.each([
    ['courier please', 'delivery'],
    ['I will pick it up', 'pickup'],
    ['the first one', 'delivery'],
    ['pickup', 'pickup'],
    ['delivry', 'delivery'],
    ['option two', 'pickup'],
  ])('en %s -> %s', (t, v) =>
    expect(extractSlot('choice', t, { language: 'en', choices: en })).toMatchObject({ ok: true, value: v }),
  );

  it.each([
    ['', colors],
    ['жёлтый', colors],
    ['красный или синий', colors],
    ['пятый', colors],
    ['не знаю', departments],
  ])('fails on %j', (t, choices) => expect(extractSlot('choice', t, ru(choices))).toEqual({ ok: false }));

  it('fails without choices', () => {
    expect(extractSlot('choice', 'красный', { language: 'ru' })).toEqual({ ok: false });
  });
});
