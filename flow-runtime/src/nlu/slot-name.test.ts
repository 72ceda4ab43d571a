import { describe, expect, it } from 'vitest';
import { extractSlot } from './extract-slot';

// Issue 18 item 10: an Ask block collecting a name as free text stored "My name is Alice". The name slot keeps
// the name only.
describe('name slot', () => {
  it.each([
    ['en', 'My name is Alice', 'Alice'],
    ['en', "Hi, it's Bob Smith, thanks", 'Bob Smith'],
    ['en', 'alice', 'Alice'],
    ['en', 'This is Mary-Jane', 'Mary-Jane'],
    ['ru', 'Меня зовут Анна', 'Анна'],
    ['ru', 'Здравствуйте, меня зовут Анна Петровна', 'Анна Петровна'],
    ['ru', 'Это Иван, пожалуйста', 'Иван'],
    ['ru', 'анна', 'Анна'],
  ] as const)('%s: “%s” → %s', (language, text, name) => {
    expect(extractSlot('name', text, { language })).toEqual({ ok: true, value: name, display: name });
  });

  it('refuses an answer that is not a name', () => {
    expect(
      extractSlot('name', 'I would like to book an appointment for tomorrow', { language: 'en' }).ok,
    ).toBe(false);
    expect(extractSlot('name', 'позвоните мне завтра в 15:30', { language: 'ru' }).ok).toBe(false);
    expect(extractSlot('name', '', { language: 'ru' }).ok).toBe(false);
  });

  it('free text still keeps the whole answer', () => {
    expect(extractSlot('free_text', 'My name is Alice', { language: 'en' })).toMatchObject({
      value: 'My name is Alice',
    });
  });
});
