import type { en } from './en';

export type PluralCategory = Intl.LDMLPluralRule;

/** A plural entry: `other` is mandatory, the rest are used when the locale's rules select them. */
export type PluralForms = { readonly other: string } & Readonly<Partial<Record<PluralCategory, string>>>;

type IsPlural<T> = T extends { readonly other: string } ? true : false;

/** The shape of `en` with literal strings widened, so other locales may say anything in them. */
type Widen<T> = T extends string
  ? string
  : IsPlural<T> extends true
    ? PluralForms
    : { readonly [K in keyof T]: Widen<T[K]> };

export type Dictionary = Widen<typeof en>;

/** Dotted paths to every translatable leaf (a string or a plural entry). */
type Paths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : IsPlural<T[K]> extends true ? K : `${K}.${Paths<T[K]>}`;
}[keyof T & string];

export type TranslationKey = Paths<typeof en>;

type At<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? At<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

type PlaceholdersIn<S> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersIn<Rest>
  : never;

type PlaceholdersOf<V> = V extends string
  ? PlaceholdersIn<V>
  : 'count' | { [K in keyof V]: PlaceholdersIn<V[K]> }[keyof V];

export type ParamValue = string | number;
export type TranslationParams<K extends TranslationKey> = {
  [P in PlaceholdersOf<At<typeof en, K>>]: P extends 'count' ? number : ParamValue;
};

/** Keys without placeholders take no params; keys with placeholders require all of them. */
export type TranslateArgs<K extends TranslationKey> = [PlaceholdersOf<At<typeof en, K>>] extends [never]
  ? [params?: Record<string, never>]
  : [params: TranslationParams<K>];

export type TFunction = <K extends TranslationKey>(key: K, ...args: TranslateArgs<K>) => string;
