import type { Locale } from './config';
import { en } from './en';
import { ru } from './ru';
import type { Dictionary } from './types';

export const dictionaries: Record<Locale, Dictionary> = { en, ru };
