import { describe, expect, it } from 'vitest';
import { en } from './en';
import { pseudoDictionary } from './pseudo';
import { pseudoize } from './pseudo-text';
import { createTranslator } from './translate';

describe('pseudo locale', () => {
  it('accents every letter, brackets the string and makes it longer', () => {
    expect(pseudoize('Save')).toBe('[Šååṽéé]');
    const long = 'Publish explains why it is disabled';
    const pseudo = pseudoize(long);
    expect(pseudo).not.toMatch(/[A-Za-z]/);
    expect(pseudo.length / long.length).toBeGreaterThan(1.25);
  });

  it('keeps placeholders, so values are filled in after the lookup', () => {
    expect(pseudoize('Hello {name}, {{caller.name}}')).toBe('[Ĥééļļöö {name}, {{caller.name}}]');
  });

  it('transforms every dictionary string and keeps English plurals and number formats', () => {
    const t = createTranslator('en', pseudoDictionary());
    expect(t('nav.agents')).toBe(pseudoize(en.nav.agents));
    expect(t('common.seconds', { count: 1 })).toBe('[1 šééçööñð]');
    expect(t('common.seconds', { count: 1234 })).toBe('[1,234 šééçööñðš]');
    const leaves: string[] = [];
    const walk = (node: unknown) =>
      typeof node === 'string' ? leaves.push(node) : Object.values(node as object).forEach(walk);
    walk(pseudoDictionary());
    const plain = leaves.filter((s) => /[A-Za-z]/.test(s.replace(/\{\{?[\w.]+\}?\}/g, '')));
    expect(plain).toEqual([]);
  });
});
