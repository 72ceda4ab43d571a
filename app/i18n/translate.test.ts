import { describe, expect, it } from 'vitest';
import { dictionaries } from './dictionaries';
import { en } from './en';
import { ru } from './ru';
import { createTranslator, interpolate, selectPlural } from './translate';
import type { Dictionary } from './types';

describe('interpolate', () => {
  it('replaces named placeholders and leaves unknown ones', () => {
    expect(interpolate('Hi {name}, {missing}', { name: 'Анна' }, 'en')).toBe('Hi Анна, {missing}');
  });

  it('formats numbers for the locale', () => {
    expect(interpolate('{n}', { n: 12345 }, 'en')).toBe('12,345');
    expect(interpolate('{n}', { n: 12345 }, 'ru')).toBe('12\u00a0345');
  });
});

describe('selectPlural', () => {
  const forms = { one: 'one', few: 'few', many: 'many', other: 'other' };

  it('applies Russian one/few/many/other', () => {
    const cases: [number, string][] = [
      [1, 'one'],
      [21, 'one'],
      [101, 'one'],
      [2, 'few'],
      [4, 'few'],
      [22, 'few'],
      [5, 'many'],
      [11, 'many'],
      [12, 'many'],
      [14, 'many'],
      [20, 'many'],
      [111, 'many'],
      [0, 'many'],
      [1.5, 'other'],
    ];
    for (const [count, expected] of cases)
      expect(selectPlural(forms, count, 'ru'), String(count)).toBe(expected);
  });

  it('applies English one/other', () => {
    expect(selectPlural(forms, 1, 'en')).toBe('one');
    expect(selectPlural(forms, 2, 'en')).toBe('other');
    expect(selectPlural(forms, 0, 'en')).toBe('other');
  });

  it('falls back to other when a form is missing', () => {
    expect(selectPlural({ other: 'x' }, 1, 'en')).toBe('x');
  });
});

describe('createTranslator', () => {
  const tRu = createTranslator('ru', ru);
  const tEn = createTranslator('en', en);

  it('looks up nested keys', () => {
    expect(tEn('nav.agents')).toBe('Agents');
    expect(tRu('nav.agents')).toBe('Агенты');
    expect(tRu('app.name')).toBe('Голосовая платформа');
  });

  it('interpolates params', () => {
    expect(tEn('home.greeting', { name: 'Ada' })).toBe('Welcome, Ada');
    expect(tRu('errors.status', { status: 404 })).toBe('Ошибка 404');
  });

  it('selects plural forms by count', () => {
    expect(tRu('common.seconds', { count: 1 })).toBe('1 секунда');
    expect(tRu('common.seconds', { count: 3 })).toBe('3 секунды');
    expect(tRu('common.seconds', { count: 11 })).toBe('11 секунд');
    expect(tRu('common.seconds', { count: 21 })).toBe('21 секунда');
    expect(tEn('common.seconds', { count: 1 })).toBe('1 second');
    expect(tEn('common.seconds', { count: 30 })).toBe('30 seconds');
    expect(tRu('login.errors.throttledFor', { count: 5 })).toContain('5 секунд.');
  });

  it('returns the key for an unknown or non-leaf key instead of throwing', () => {
    const loose = tEn as unknown as (key: string) => string;
    expect(loose('nav.nope')).toBe('nav.nope');
    expect(loose('nav')).toBe('nav');
  });
});

type Tree = { [key: string]: string | Tree };

function isPlural(node: Tree): boolean {
  return typeof node.other === 'string';
}

/** Leaf paths, with plural entries counted as one leaf. */
function leaves(node: Tree, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || isPlural(value)) return [path];
    return leaves(value, path);
  });
}

function plurals(node: Tree, prefix = ''): [string, Tree][] {
  return Object.entries(node).flatMap(([key, value]): [string, Tree][] => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') return [];
    if (isPlural(value)) return [[path, value]];
    return plurals(value, path);
  });
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('dictionaries', () => {
  const enTree = en as unknown as Tree;

  it.each(Object.entries(dictionaries))('%s has exactly the keys of en', (_locale, dictionary) => {
    expect(leaves(dictionary as unknown as Tree).sort()).toEqual(leaves(enTree).sort());
  });

  it.each(Object.entries(dictionaries))('%s has no empty strings', (_locale, dictionary) => {
    const flat = JSON.stringify(dictionary);
    expect(flat).not.toContain('""');
  });

  it.each(Object.entries(dictionaries))(
    '%s provides every plural category its language uses',
    (locale, dictionary) => {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [path, forms] of plurals(dictionary as unknown as Tree)) {
        for (const category of categories)
          expect(forms[category], `${locale} ${path}.${category}`).toBeTypeOf('string');
      }
    },
  );

  it.each(Object.entries(dictionaries))('%s uses the same placeholders as en', (locale, dictionary) => {
    const tree = dictionary as unknown as Tree;
    const pick = (root: Tree, path: string) =>
      path
        .split('.')
        .reduce<string | Tree | undefined>((n, k) => (typeof n === 'object' ? n[k] : undefined), root);
    for (const path of leaves(enTree)) {
      const source = pick(enTree, path);
      const target = pick(tree, path);
      const flatten = (v: string | Tree | undefined) =>
        typeof v === 'string'
          ? placeholders(v)
          : [...new Set(Object.values(v ?? {}).flatMap((s) => placeholders(String(s))))].sort();
      expect(flatten(target), `${locale} ${path}`).toEqual(flatten(source));
    }
  });
});

// Compile-time guarantees, checked by `tsc` (each line below must fail to type-check).
describe('types', () => {
  it('rejects incomplete dictionaries, unknown keys and missing params', () => {
    const { agents: _agents, ...navWithoutAgents } = ru.nav;
    // @ts-expect-error ru without nav.agents is not a Dictionary
    const incomplete: Dictionary = { ...ru, nav: navWithoutAgents };
    const t = createTranslator('en', en);
    // @ts-expect-error unknown key
    const unknown = () => t('nav.nope');
    // @ts-expect-error {name} is required
    const missing = () => t('home.greeting');
    // @ts-expect-error plural entries need a numeric count
    const wrongCount = () => t('common.seconds', { count: 'many' });
    expect([incomplete, unknown, missing, wrongCount]).toHaveLength(4);
  });
});
