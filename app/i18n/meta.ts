import { defaultLocale, isLocale, type Locale } from './config';
import { createTranslator } from './translate';
import type { Dictionary, TFunction } from './types';

export interface RootI18nData {
  locale: Locale;
  dictionary: Dictionary;
}

function isRootI18nData(data: unknown): data is RootI18nData {
  return (
    typeof data === 'object' &&
    data !== null &&
    isLocale((data as { locale?: unknown }).locale) &&
    typeof (data as { dictionary?: unknown }).dictionary === 'object'
  );
}

/** For `meta` functions, which cannot use hooks: a translator built from the root loader's data. */
export function translatorFromMatches(
  matches: readonly { id: string; data?: unknown }[],
  fallback: Dictionary,
): TFunction {
  const root = matches.find((match) => match.id === 'root')?.data;
  if (isRootI18nData(root)) return createTranslator(root.locale, root.dictionary);
  return createTranslator(defaultLocale, fallback);
}
