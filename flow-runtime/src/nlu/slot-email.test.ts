import { describe, expect, it } from 'vitest';
import { extractSlot } from './index';

const ru = { language: 'ru' as const };
const en = { language: 'en' as const };

describe('email slot', () => {
  it.each([
    ['ivan@mail.ru', 'ivan@mail.ru'],
    ['мой адрес Ivan.Petrov@Gmail.com, запишите', 'ivan.petrov@gmail.com'],
    ['ivan собака mail точка ru', 'ivan@mail.ru'],
    ['иван собака мейл точка ру', 'ivan@mail.ru'],
    ['петров точка иван собака яндекс точка ру', 'petrov.ivan@yandex.ru'],
    ['ivan_85 собака gmail точка com', 'ivan_85@gmail.com'],
    ['anna нижнее подчеркивание smirnova собака bk точка ru', 'anna_smirnova@bk.ru'],
    ['ivan @ mail . ru', 'ivan@mail.ru'],
  ])('ru %s -> %s', (t, v) => expect(extractSlot('email', t, ru)).toMatchObject({ ok: true, value: v }));

  it.each([
    ['john at example dot com', 'john@example.com'],
    ['my email is john at example dot com', 'john@example.com'],
    ['john dot smith at company dot co dot uk', 'john.smith@company.co.uk'],
    ['JOHN@EXAMPLE.COM', 'john@example.com'],
    ['j dash doe at mail dot org', 'j-doe@mail.org'],
  ])('en %s -> %s', (t, v) => expect(extractSlot('email', t, en)).toMatchObject({ ok: true, value: v }));

  it.each(['', 'у меня нет почты', 'ivan', 'ivan at home', 'собака лает', 'mail.ru', 'meet me at five'])(
    'fails on %j',
    (t) => expect(extractSlot('email', t, ru)).toEqual({ ok: false }),
  );
});
