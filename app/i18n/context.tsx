import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { Localized } from '#flow-runtime/i18n';
import { defaultLocale, type Locale } from './config';
import { pseudoize } from './pseudo-text';
import { createTranslator } from './translate';
import type { Dictionary, TFunction } from './types';

interface I18nValue {
  locale: Locale;
  /** The pseudo locale (`pseudo.ts`): `locale` is `en`, the dictionary and `{en, ru}` picks are transformed. */
  pseudo: boolean;
  t: TFunction;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({
  locale,
  pseudo = false,
  dictionary,
  children,
}: {
  locale: Locale;
  pseudo?: boolean;
  dictionary: Dictionary;
  children: ReactNode;
}) {
  const value = useMemo(
    () => ({ locale, pseudo, t: createTranslator(locale, dictionary) }),
    [locale, pseudo, dictionary],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() must be used inside <I18nProvider>');
  return value;
}

export function useT(): TFunction {
  return useI18n().t;
}

export function useLocale(): Locale {
  return useI18n().locale ?? defaultLocale;
}

export type PickText = (text: Localized) => string;

/**
 * Picks the page's language from a `{en, ru}` text (block labels, field help, validation messages from the
 * flow runtime), pseudo-transformed in the pseudo locale as the dictionary is.
 */
export function usePick(): PickText {
  const { locale, pseudo } = useI18n();
  return useCallback((text: Localized) => (pseudo ? pseudoize(text.en) : text[locale]), [locale, pseudo]);
}
