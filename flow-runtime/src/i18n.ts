import { z } from 'zod';

/** The two UI and speech languages. Russian is first-class: every user-facing string exists in both. */
export const languageSchema = z.enum(['ru', 'en']);
export type Language = z.infer<typeof languageSchema>;

/** A user-facing string in both languages (labels, validation messages, built-in prompts). */
export interface Localized {
  ru: string;
  en: string;
}

export const localizedSchema = z.object({ ru: z.string(), en: z.string() });

export function pick(text: Localized, language: Language): string {
  return text[language];
}
