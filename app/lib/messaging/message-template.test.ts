import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderTemplate, sampleValues } from './message-template.ts';

describe('renderTemplate', () => {
  it('fills placeholders from the call, contact and flow values', () => {
    const r = renderTemplate('Здравствуйте, {{contact.name}}! Запись на {{ time }}.', {
      'contact.name': 'Анна',
      time: '15:00',
    });
    expect(r).toEqual({ ok: true, text: 'Здравствуйте, Анна! Запись на 15:00.' });
  });

  it('refuses a missing variable instead of leaving a hole', () => {
    expect(renderTemplate('Запись на {{time}} к {{doctor}}', { time: '' })).toEqual({
      ok: false,
      missing: ['time', 'doctor'],
      invalid: [],
    });
  });

  it('uses a declared default and checks declared types', () => {
    const vars = [
      { name: 'doctor', type: 'string' as const, default: 'врачу' },
      { name: 'price', type: 'number' as const },
    ];
    expect(renderTemplate('К {{doctor}}', {}, vars)).toEqual({ ok: true, text: 'К врачу' });
    expect(renderTemplate('{{price}} ₽', { price: 'abc' }, vars)).toMatchObject({
      ok: false,
      invalid: ['price'],
    });
  });

  it('lists placeholders once and gives preview samples', () => {
    expect(placeholdersOf('{{a}} {{b}} {{a}}')).toEqual(['a', 'b']);
    expect(sampleValues('{{a}} {{b}}', [{ name: 'a', type: 'string', default: 'x' }])).toEqual({
      a: 'x',
      b: '[b]',
    });
  });
});
