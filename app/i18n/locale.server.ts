import { defaultLocale, isLocale, localeCookieMaxAge, localeCookieName, type Locale } from './config';
import { pseudoLocaleAllowed, publicUrlIsHttps } from '../.server/env/env-values';

interface LanguageRange {
  tag: string;
  q: number;
}

/** Parses an Accept-Language header into ranges ordered by preference (q desc, then header order). */
export function parseAcceptLanguage(header: string | null | undefined): LanguageRange[] {
  if (!header) return [];
  const ranges: (LanguageRange & { index: number })[] = [];
  header.split(',').forEach((part, index) => {
    const [rawTag, ...rawParams] = part.trim().split(';');
    const tag = rawTag?.trim().toLowerCase();
    if (!tag || !/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) return;
    let q = 1;
    for (const param of rawParams) {
      const [name, value] = param.trim().split('=');
      if (name?.trim().toLowerCase() === 'q') {
        const parsed = Number(value?.trim());
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    if (q > 0) ranges.push({ tag, q, index });
  });
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map(({ tag, q }) => ({ tag, q }));
}

/** The best supported locale for an Accept-Language header, or null when nothing matches. */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  for (const { tag } of parseAcceptLanguage(header)) {
    if (tag === '*') return defaultLocale;
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}

/** Reads one cookie's value from a Cookie header. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    if (pair.slice(0, eq).trim() !== name) continue;
    const raw = pair
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** Locale for a request: the `lang` cookie (`en` for the pseudo locale), else Accept-Language, else the default (en). */
export function getLocale(request: Request): Locale {
  const fromCookie = readCookie(request.headers.get('Cookie'), localeCookieName);
  if (isLocale(fromCookie)) return fromCookie;
  // The pseudo locale's formats (plurals, numbers, dates) are English.
  if (wantsPseudoLocale(request)) return 'en';
  return matchAcceptLanguage(request.headers.get('Accept-Language')) ?? defaultLocale;
}

/** The `lang` cookie's value that asks for the pseudo locale (see `pseudo.ts`); never offered in the UI. */
export const PSEUDO_LOCALE = 'pseudo';

/**
 * The request asks for the pseudo locale and this server allows it. Its locale is still `getLocale`'s (`en`
 * for an English browser): the pseudo locale only swaps the dictionary, so every `'en' | 'ru'` choice stands.
 */
export function wantsPseudoLocale(request: Request): boolean {
  return (
    readCookie(request.headers.get('Cookie'), localeCookieName) === PSEUDO_LOCALE && pseudoLocaleAllowed()
  );
}

/**
 * Set-Cookie value remembering the chosen locale for a year. Secure on an HTTPS deployment (PUBLIC_URL, as
 * for the session cookies) even when a proxy TRUST_PROXY does not name hands us plain HTTP.
 */
export function serializeLocaleCookie(locale: Locale, request: Request): string {
  const https = new URL(request.url).protocol === 'https:' || publicUrlIsHttps();
  const secure = https ? '; Secure' : '';
  return `${localeCookieName}=${locale}; Path=/; Max-Age=${localeCookieMaxAge}; SameSite=Lax${secure}`;
}
