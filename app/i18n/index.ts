export { defaultLocale, isLocale, locales, type Locale } from './config';
export { I18nProvider, useLocale, usePick, useT, type PickText } from './context';
export { createTranslator } from './translate';
export type { Dictionary, TFunction, TranslationKey } from './types';
