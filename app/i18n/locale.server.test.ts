import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  getLocale,
  matchAcceptLanguage,
  parseAcceptLanguage,
  readCookie,
  serializeLocaleCookie,
  wantsPseudoLocale,
} from './locale.server';

function request(headers: Record<string, string> = {}, url = 'http://app.test/somewhere'): Request {
  return new Request(url, { headers });
}

describe('parseAcceptLanguage', () => {
  it('orders by q-value, keeping header order for ties', () => {
    expect(parseAcceptLanguage('de;q=0.5, ru-RU, en;q=0.9, fr;q=0.9')).toEqual([
      { tag: 'ru-ru', q: 1 },
      { tag: 'en', q: 0.9 },
      { tag: 'fr', q: 0.9 },
      { tag: 'de', q: 0.5 },
    ]);
  });

  it('drops q=0, malformed tags and empty parts', () => {
    expect(parseAcceptLanguage('ru;q=0, , en-GB;q=0.3, !!;q=1')).toEqual([{ tag: 'en-gb', q: 0.3 }]);
  });

  it('handles missing or empty headers', () => {
    expect(parseAcceptLanguage(null)).toEqual([]);
    expect(parseAcceptLanguage('')).toEqual([]);
  });
});

describe('matchAcceptLanguage', () => {
  it('matches a region tag by its primary subtag', () => {
    expect(matchAcceptLanguage('ru-RU,ru;q=0.9,en-US;q=0.8')).toBe('ru');
  });

  it('prefers the higher q even when listed later', () => {
    expect(matchAcceptLanguage('en;q=0.4, ru;q=0.8')).toBe('ru');
  });

  it('skips unsupported languages', () => {
    expect(matchAcceptLanguage('de-DE, fr;q=0.9, en;q=0.1')).toBe('en');
  });

  it('returns null when nothing matches, and en for a wildcard', () => {
    expect(matchAcceptLanguage('de, fr')).toBeNull();
    expect(matchAcceptLanguage('de, *;q=0.1')).toBe('en');
  });

  it('does not accept a locale the user excluded with q=0', () => {
    expect(matchAcceptLanguage('ru;q=0, de')).toBeNull();
  });
});

describe('getLocale', () => {
  it('uses the lang cookie over Accept-Language', () => {
    expect(getLocale(request({ Cookie: 'theme=dark; lang=en', 'Accept-Language': 'ru-RU' }))).toBe('en');
    expect(getLocale(request({ Cookie: 'lang=ru', 'Accept-Language': 'en-US' }))).toBe('ru');
  });

  it('ignores an unsupported cookie value and falls back to Accept-Language', () => {
    expect(getLocale(request({ Cookie: 'lang=de', 'Accept-Language': 'ru' }))).toBe('ru');
  });

  it('defaults to en only when nothing matches', () => {
    expect(getLocale(request({ 'Accept-Language': 'ja, zh;q=0.5' }))).toBe('en');
    expect(getLocale(request())).toBe('en');
  });

  it('does not confuse a similarly named cookie', () => {
    expect(getLocale(request({ Cookie: 'xlang=ru; language=ru', 'Accept-Language': 'en' }))).toBe('en');
  });
});

describe('the pseudo locale', () => {
  afterEach(() => vi.unstubAllEnvs());
  const pseudo = request({ Cookie: 'lang=pseudo', 'Accept-Language': 'ru-RU' });

  it('is English underneath (plurals, numbers, dates) whatever the browser asks for', () => {
    vi.stubEnv('NODE_ENV', 'development');
    expect(wantsPseudoLocale(pseudo)).toBe(true);
    expect(getLocale(pseudo)).toBe('en');
  });

  it('is off in production unless PSEUDO_LOCALE=1, so a stray cookie never garbles a real UI', () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('PSEUDO_LOCALE', '0');
    expect(wantsPseudoLocale(pseudo)).toBe(false);
    expect(getLocale(pseudo)).toBe('ru');
    vi.stubEnv('PSEUDO_LOCALE', '1');
    expect(wantsPseudoLocale(pseudo)).toBe(true);
  });
});

describe('readCookie', () => {
  it('reads quoted and encoded values', () => {
    expect(readCookie('a=1; lang="ru"', 'lang')).toBe('ru');
    expect(readCookie('name=%D0%98%D0%B2%D0%B0%D0%BD', 'name')).toBe('Иван');
    expect(readCookie('a=1', 'lang')).toBeNull();
  });
});

describe('serializeLocaleCookie', () => {
  it('remembers the choice for a year, Secure only over https', () => {
    const plain = serializeLocaleCookie('ru', request());
    expect(plain).toBe('lang=ru; Path=/; Max-Age=31536000; SameSite=Lax');
    expect(serializeLocaleCookie('en', request({}, 'https://app.test/'))).toContain('; Secure');
  });
});
