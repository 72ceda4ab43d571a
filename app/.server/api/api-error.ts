import type { z } from 'zod';
import { BodyTooLargeError, readBodyText } from './request-body.ts';
import { isStorableText, UNSTORABLE_MESSAGE, unstorableFields } from './storable-text.ts';

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string[]> };
}

/** Every API error has one shape: `{error: {code, message, fields?}}`. */
export function apiError(
  status: number,
  code: string,
  message: string,
  init: { fields?: Record<string, string[]>; headers?: HeadersInit } = {},
): Response {
  const body: ApiErrorBody = { error: { code, message, ...(init.fields ? { fields: init.fields } : {}) } };
  return Response.json(body, { status, headers: init.headers });
}

/** zod issues as `{ "field.path": ["message", ...] }`. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

export function validationError(error: z.ZodError): Response {
  return apiError(400, 'validation_failed', 'Some fields are invalid.', { fields: fieldErrors(error) });
}

export const DEFAULT_JSON_BODY_BYTES = 64 * 1024;

export const bodyTooLarge = (maxBytes: number) =>
  apiError(413, 'body_too_large', `Body over ${maxBytes} bytes.`);

export const unstorableInput = (fields: Record<string, string[]>) =>
  apiError(400, 'validation_failed', 'Some fields are invalid.', { fields });

/**
 * Parses a JSON body with a schema. The body is read only up to `maxBytes` (413 past it, chunked or not);
 * malformed JSON, text Postgres cannot store (NUL, lone surrogates) and invalid fields answer 400.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_JSON_BODY_BYTES,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  let text: string;
  try {
    text = await readBodyText(request, maxBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return { ok: false, response: bodyTooLarge(maxBytes) };
    throw e;
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    return { ok: false, response: apiError(400, 'malformed_json', 'The body is not valid JSON.') };
  }
  const unstorable = unstorableFields(json);
  if (Object.keys(unstorable).length > 0) return { ok: false, response: unstorableInput(unstorable) };
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: validationError(parsed.error) };
}

/**
 * A request's query string; a parameter holding text Postgres cannot store is refused with a 400 naming it
 * (thrown, so loaders of pages and of the API both get it in one line).
 */
export function queryParams(request: Request): URLSearchParams {
  const params = new URL(request.url).searchParams;
  const fields: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (!isStorableText(key) || !isStorableText(value)) fields[key] = [UNSTORABLE_MESSAGE];
  }
  if (Object.keys(fields).length > 0) throw unstorableInput(fields);
  return params;
}
