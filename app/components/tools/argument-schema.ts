import { ARG_TYPES, type ArgRow, type ArgType } from './tool-types';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The form's rows as the JSON Schema object the API and the LLM take. */
export function schemaFromRows(rows: readonly ArgRow[]): Json {
  const named = rows.filter((row) => row.name.trim());
  const required = named.filter((row) => row.required).map((row) => row.name.trim());
  return {
    type: 'object',
    properties: Object.fromEntries(
      named.map((row) => [
        row.name.trim(),
        { type: row.type, ...(row.description.trim() ? { description: row.description.trim() } : {}) },
      ]),
    ),
    ...(required.length ? { required } : {}),
  };
}

/**
 * Rows from a JSON Schema object, or null when the schema says more than the form can show (nested
 * objects, arrays, enums...): then it is edited as JSON only, and kept as written.
 */
export function rowsFromSchema(schema: unknown): ArgRow[] | null {
  if (!isObject(schema) || schema.type !== 'object') return null;
  const properties = schema.properties ?? {};
  if (!isObject(properties)) return null;
  const required = Array.isArray(schema.required) ? schema.required : [];
  const rows: ArgRow[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (!isObject(property)) return null;
    const type = property.type;
    if (typeof type !== 'string' || !(ARG_TYPES as readonly string[]).includes(type)) return null;
    if (Object.keys(property).some((key) => key !== 'type' && key !== 'description')) return null;
    rows.push({
      name,
      type: type as ArgType,
      description: typeof property.description === 'string' ? property.description : '',
      required: required.includes(name),
    });
  }
  return rows;
}

/** Sample arguments for Test: one value of the right type per argument. */
export function sampleArgs(schema: unknown): Json {
  if (!isObject(schema) || !isObject(schema.properties)) return {};
  return Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => {
      const type = isObject(property) ? property.type : undefined;
      return [name, type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : ''];
    }),
  );
}

/** `Name: value` lines ⇄ a header map. */
export const headersToText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
export function textToHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const at = line.indexOf(':');
    // A line without a colon is kept as a bad header name, so the API names the field at fault.
    if (at < 0) headers[line.trim()] = '';
    else headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

/** `variable = path` lines ⇄ a response mapping. */
export const mappingToText = (mapping: Record<string, string>) =>
  Object.entries(mapping)
    .map(([variable, path]) => `${variable} = ${path}`)
    .join('\n');
export function textToMapping(text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const at = line.indexOf('=');
    if (at < 0) mapping[line.trim()] = '';
    else mapping[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return mapping;
}
