// Field-by-field differences between two JSON values, as dotted paths. Arrays of objects that all carry a
// unique string `id` (router routes, agent exits) are matched by id and addressed as `routes[booking]`,
// so reordering or inserting one does not report every later item; a changed order is reported once at
// `routes.$order`. Arrays of plain values (example phrases, tags) are compared whole; other arrays by
// index (`assignments.0.value`). A missing key and `undefined` are the same.

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

type Plain = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown) => value === null || typeof value !== 'object';

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!deepEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** The ids of an array whose items are all objects with distinct string ids; null otherwise. */
function idsOf(list: readonly unknown[]): string[] | null {
  const ids: string[] = [];
  for (const item of list) {
    if (!isPlainObject(item) || typeof item.id !== 'string') return null;
    ids.push(item.id);
  }
  return new Set(ids).size === ids.length ? ids : null;
}

function diffKeyedArrays(
  before: readonly Plain[],
  after: readonly Plain[],
  path: string,
  out: FieldChange[],
): void {
  const beforeById = new Map(before.map((item) => [item.id as string, item]));
  const afterById = new Map(after.map((item) => [item.id as string, item]));
  for (const item of after) {
    const id = item.id as string;
    diffValues(beforeById.get(id), item, `${path}[${id}]`, out);
  }
  for (const item of before) {
    const id = item.id as string;
    if (!afterById.has(id)) out.push({ path: `${path}[${id}]`, before: item, after: undefined });
  }
  const keptBefore = before.map((item) => item.id as string).filter((id) => afterById.has(id));
  const keptAfter = after.map((item) => item.id as string).filter((id) => beforeById.has(id));
  if (!deepEqual(keptBefore, keptAfter))
    out.push({ path: `${path}.$order`, before: keptBefore, after: keptAfter });
}

/** Appends the differences between `before` and `after` under `path` to `out`. */
export function diffValues(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (deepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !Object.hasOwn(before, key))];
    for (const key of keys) diffValues(before[key], after[key], join(path, key), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeIds = idsOf(before);
    const afterIds = idsOf(after);
    if (beforeIds && afterIds && (before.length > 0 || after.length > 0)) {
      diffKeyedArrays(before as Plain[], after as Plain[], path, out);
      return;
    }
    if (!before.every(isScalar) || !after.every(isScalar)) {
      const length = Math.max(before.length, after.length);
      for (let i = 0; i < length; i++) diffValues(before[i], after[i], join(path, String(i)), out);
      return;
    }
  }
  out.push({ path, before, after });
}

/** The differences between two values as a list, in the order of the fields. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  diffValues(before, after, path, out);
  return out;
}
