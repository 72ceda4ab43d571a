// Node data read with the node's own schema (defaults applied), also while the user is still filling it in.
// The studio analyses half-made nodes (a dropped Ask has no prompt yet), so a failing value is replaced by
// a stand-in that passes, and its field is reported as repaired: analyses ignore what they find there.
import type { z } from 'zod';

export interface ReadNodeData {
  data: unknown;
  /** Dotted paths whose values are stand-ins, not the user's. */
  repaired: string[];
}

const MAX_ROUNDS = 12;
/** Stand-in text: a private-use character no caller says and no template or id holds. */
const STAND_IN_CHAR = '\uE000';
const REMOVE = Symbol('remove');

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): unknown {
  if (path.length === 0) return value === REMOVE ? {} : value;
  const parent = valueAt(root, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) return root;
  const key = path[path.length - 1] as PropertyKey;
  const record = parent as Record<PropertyKey, unknown>;
  if (value !== REMOVE) record[key] = value;
  else if (Array.isArray(parent)) record[key] = undefined;
  else delete record[key];
  return root;
}

const zeroOf: Record<string, unknown> = {
  string: '',
  number: 0,
  int: 0,
  boolean: false,
  array: [],
  object: {},
  record: {},
};

/** A value that passes where the issue is, or REMOVE (an optional field then parses without it). */
function standIn(issue: Issue, current: unknown): unknown {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected in zeroOf ? structuredClone(zeroOf[issue.expected]) : REMOVE;
    case 'invalid_value':
      return issue.values.length > 0 ? issue.values[0] : REMOVE;
    case 'too_small': {
      const minimum = Number(issue.minimum) + (issue.inclusive === false ? 1 : 0);
      if (issue.origin === 'string') return STAND_IN_CHAR.repeat(Math.max(minimum, 1));
      if (issue.origin === 'array' && Array.isArray(current)) return [...current, {}];
      if (issue.origin === 'number') return minimum;
      return REMOVE;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum) - (issue.inclusive === false ? 1 : 0);
      if (typeof current === 'string' || Array.isArray(current)) return current.slice(0, maximum);
      if (issue.origin === 'number') return maximum;
      return REMOVE;
    }
    case 'invalid_format':
      return 'x';
    default:
      return REMOVE;
  }
}

/** Whether a string is (or holds) a stand-in rather than the user's text. */
export const isStandIn = (text: string): boolean => text.includes(STAND_IN_CHAR);

/**
 * Reads per schema and data object. The studio replaces a node's data object when it changes, so analysing
 * the flow again after one edit parses only the edited node.
 */
const cache = new WeakMap<z.ZodType, WeakMap<object, ReadNodeData | null>>();

export function readNodeData(schema: z.ZodType, raw: unknown): ReadNodeData | null {
  if (typeof raw !== 'object' || raw === null) return read(schema, raw);
  let bySchema = cache.get(schema);
  if (!bySchema) cache.set(schema, (bySchema = new WeakMap()));
  if (bySchema.has(raw)) return bySchema.get(raw) ?? null;
  const result = read(schema, raw);
  bySchema.set(raw, result);
  return result;
}

function read(schema: z.ZodType, raw: unknown): ReadNodeData | null {
  const first = schema.safeParse(raw ?? {});
  if (first.success) return { data: first.data, repaired: [] };
  let input: unknown = structuredClone(raw ?? {});
  let issues = first.error.issues;
  const repaired = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const issue of issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) input = setAt(input, [...issue.path, key], REMOVE);
        continue;
      }
      input = setAt(input, issue.path, standIn(issue, valueAt(input, issue.path)));
      repaired.add(issue.path.map(String).join('.'));
    }
    const next = schema.safeParse(input);
    if (next.success) return { data: next.data, repaired: [...repaired] };
    issues = next.error.issues;
  }
  return null;
}

/** Whether a dotted field lies in (or is) a repaired path. */
export function isRepaired(field: string, repaired: readonly string[]): boolean {
  return repaired.some((path) => path === '' || field === path || field.startsWith(`${path}.`));
}
