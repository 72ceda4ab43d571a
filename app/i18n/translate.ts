import type { Locale } from './config';
import type { Dictionary, ParamValue, PluralForms, TFunction } from './types';

type Node = string | PluralForms | { readonly [key: string]: Node };

function lookup(dictionary: Dictionary, key: string): Node | undefined {
  let node: Node | undefined = dictionary as unknown as Node;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = (node as Record<string, Node>)[part];
  }
  return node;
}

function isPluralForms(node: Node): node is PluralForms {
  return typeof node === 'object' && typeof (node as { other?: unknown }).other === 'string';
}

/** Replaces `{name}` with params.name; numbers are formatted for the locale; unknown names stay as they are. */
export function interpolate(
  template: string,
  params: Record<string, ParamValue> | undefined,
  locale: Locale,
): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}

const pluralRulesCache = new Map<Locale, Intl.PluralRules>();

export function selectPlural(forms: PluralForms, count: number, locale: Locale): string {
  let rules = pluralRulesCache.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRulesCache.set(locale, rules);
  }
  return forms[rules.select(count)] ?? forms.other;
}

/**
 * Builds `t(key, params)` for one locale. A missing key returns the key itself (and the type system
 * prevents that for literal keys), so a gap never crashes a page.
 */
export function createTranslator(locale: Locale, dictionary: Dictionary): TFunction {
  return ((key: string, params?: Record<string, ParamValue>) => {
    const node = lookup(dictionary, key);
    if (typeof node === 'string') return interpolate(node, params, locale);
    if (node && isPluralForms(node)) {
      const count = typeof params?.count === 'number' ? params.count : Number(params?.count ?? 0);
      return interpolate(selectPlural(node, count, locale), params, locale);
    }
    return key;
  }) as TFunction;
}
