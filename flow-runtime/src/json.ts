import { z } from 'zod';

/** State travels through Redis between turns, so everything the runtime keeps must be plain JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/**
 * How deep JSON the runtime keeps may nest. Real values (tool answers, LLM arguments, variable defaults)
 * nest a few levels; the limit keeps every walk over them (the schema, copies, JSON.stringify) far from
 * the call stack's end whatever a tool server or a saved flow sends.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Converts an arbitrary port result (tool output, LLM arguments) into JSON, dropping what JSON cannot hold;
 * anything nested deeper than MAX_JSON_DEPTH becomes null.
 */
export function toJsonValue(value: unknown): JsonValue {
  return toJsonAt(value, 0);
}

function toJsonAt(value: unknown, depth: number): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || depth >= MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) return value.map((inner) => toJsonAt(inner, depth + 1));
  const out: { [key: string]: JsonValue } = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== undefined && typeof inner !== 'function') out[key] = toJsonAt(inner, depth + 1);
  }
  return out;
}

/** Whether parsed JSON nests arrays and objects more than `limit` levels deep (walked without recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value];
  const depths: number[] = [0];
  while (pending.length > 0) {
    const current = pending.pop();
    const depth = depths.pop() as number;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    const inner: unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (const item of inner) {
      if (item === null || typeof item !== 'object') continue;
      pending.push(item);
      depths.push(depth + 1);
    }
  }
  return false;
}
