import { describe, expect, it } from 'vitest';
import { extractSlot } from './index';

const ru = { language: 'ru' as const };
const en = { language: 'en' as const };

describe('yes_no slot', () => {
  it.each([
    ['да', true],
    ['Да, конечно', true],
    ['ага', true],
    ['угу', true],
    ['верно', true],
    ['давайте', true],
    ['конечно', true],
    ['да, всё верно', true],
    ['нет проблем', true],
    ['почему бы и нет', true],
    ['не против', true],
    ['хорошо, давайте', true],
    ['так точно', true],
    ['подтверждаю', true],
    ['ну да', true],
    ['да, не вопрос', true],
    ['нет', false],
    ['не надо', false],
    ['неа', false],
    ['нет, спасибо', false],
    ['не совсем', false],
    ['конечно нет', false],
    ['да нет, не надо', false],
    ['не хочу', false],
    ['ни в коем случае', false],
    ['не нужно', false],
    ['нет, не верно', false],
    ['неправильно', false],
  ])('ru %s -> %s', (t, v) => expect(extractSlot('yes_no', t, ru)).toMatchObject({ ok: true, value: v }));

  it.each([
    ['yes', true],
    ['yeah', true],
    ['yep sure', true],
    ['sure', true],
    ['of course', true],
    ['no problem', true],
    ['why not', true],
    ['absolutely', true],
    ['that is right', true],
    ['ok', true],
    ['no', false],
    ['nope', false],
    ['nah', false],
    ['not really', false],
    ["I don't think so", false],
    ['no thanks', false],
    ['definitely not', false],
    ["I'd rather not", false],
    ['never', false],
  ])('en %s -> %s', (t, v) => expect(extractSlot('yes_no', t, en)).toMatchObject({ ok: true, value: v }));

  it.each([
    '',
    'нет, да',
    'не знаю',
    'может быть',
    'наверное',
    'что?',
    'повторите',
    'yes and no',
    'maybe',
    'not sure',
    'да, но нет',
  ])('undecided or ambiguous: %j', (t) => expect(extractSlot('yes_no', t, ru)).toEqual({ ok: false }));

  it('displays in the flow language', () => {
    expect(extractSlot('yes_no', 'yes', ru)).toEqual({ ok: true, value: true, display: 'да' });
    expect(extractSlot('yes_no', 'нет', en)).toEqual({ ok: true, value: false, display: 'no' });
  });
});
