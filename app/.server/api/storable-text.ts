/**
 * Text Postgres cannot store: a NUL character (refused in text and jsonb columns alike) and a lone UTF-16
 * surrogate (refused in jsonb as an escape). Either used to reach the database and answer 500; the body and
 * query readers refuse them up front with the field that holds them (issue 14, item 14).
 */
// With the u flag a surrogate pair is one code point, so the range matches only a lone half.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/u;

export const UNSTORABLE_MESSAGE = 'Contains a character that cannot be stored (NUL or a broken surrogate).';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** Every field (object key or string value) of a parsed JSON value that holds such text, by path. */
export function unstorableFields(value: unknown): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  // Iterative: a deeply nested body must not overflow the stack here.
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) fields[path.join('.') || '_'] = [UNSTORABLE_MESSAGE];
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: [...path, String(i)] }));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const at = [...path, key];
        if (!isStorableText(key)) fields[at.join('.')] = [UNSTORABLE_MESSAGE];
        stack.push({ value: item, path: at });
      }
    }
  }
  return fields;
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what this removes
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/** The text with NULs dropped and lone surrogates replaced (U+FFFD): for text we must keep, not refuse. */
export function storableString(text: string): string {
  return isStorableText(text) ? text : text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A copy of a JSON-like value whose strings and keys are all storable. For data that arrives from elsewhere
 * than a request (call events, extracted documents), where refusing would lose the rest of it.
 */
export function storableCopy<T>(value: T): T {
  if (typeof value === 'string') return storableString(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => storableCopy(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [storableString(k), storableCopy(v)]),
    ) as T;
  }
  return value;
}
