import type { FieldLayout, NodeDefinition } from '#flow-runtime/editor';
import { readField } from './node-summary';

type Data = Record<string, unknown>;

/** Writes `value` at a dotted path, returning a new object; empty values remove the key (only what the
 * user set is saved, so changing a default later does not rewrite old flows). */
export function writeField(data: Data, path: string, value: unknown): Data {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const next: Data = { ...data };
  if (rest.length > 0) {
    const child = typeof data[head] === 'object' && data[head] !== null ? (data[head] as Data) : {};
    const written = writeField(child, rest.join('.'), value);
    if (Object.keys(written).length === 0) delete next[head];
    else next[head] = written;
    return next;
  }
  if (value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value)))
    delete next[head];
  else next[head] = value;
  return next;
}

const placeholderFor = (expected: unknown): unknown =>
  expected === 'string'
    ? 'x'
    : expected === 'number'
      ? 0
      : expected === 'array'
        ? []
        : expected === 'boolean'
          ? false
          : undefined;

/**
 * The node's data with its schema's defaults applied, even while required fields are still empty: those
 * are filled with placeholders just long enough to let the schema apply the rest. Used only for display.
 */
export function withDefaults(definition: NodeDefinition, data: Data): Data {
  let probe: Data = structuredClone(data);
  const filled: string[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const parsed = definition.dataSchema.safeParse(probe);
    if (parsed.success)
      return filled.reduce((d, path) => writeField(d, path, undefined), parsed.data as Data);
    let patched = false;
    for (const issue of parsed.error.issues) {
      const value = placeholderFor((issue as { expected?: unknown }).expected);
      const path = issue.path.map(String).join('.');
      if (value === undefined || !path || readField(probe, path) !== undefined) continue;
      probe = writeField(probe, path, value);
      filled.push(path);
      patched = true;
    }
    if (!patched) break;
  }
  return data;
}

/** Whether a field is shown: `showIf` looks in the list item first, then in the node. */
export function isShown(field: FieldLayout, scope: Data, node: Data): boolean {
  if (!field.showIf) return true;
  const { field: other, equals } = field.showIf;
  const value = readField(scope, other) ?? readField(node, other);
  return Array.isArray(equals) ? (equals as unknown[]).includes(value) : value === equals;
}
