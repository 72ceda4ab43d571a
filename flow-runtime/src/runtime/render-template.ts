import type { JsonValue } from '../json';

/**
 * Fills `{{name}}` and `{{order.id}}` placeholders from variables. Unknown names render as empty text
 * rather than failing: a prompt with a gap is better than a silent caller.
 */
const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

export function readPath(variables: Record<string, JsonValue>, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = variables;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

function toText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function renderTemplate(template: string, variables: Record<string, JsonValue>): string {
  if (!template.includes('{{')) return template;
  return template.replace(placeholder, (_match, path: string) => toText(readPath(variables, path)));
}
