import type { z } from 'zod';

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

/** Parses a JSON body with a schema; answers 400 for malformed JSON or invalid fields. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 64 * 1024,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  const text = await request.text();
  if (text.length > maxBytes)
    return { ok: false, response: apiError(413, 'body_too_large', `Body over ${maxBytes} bytes.`) };
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    return { ok: false, response: apiError(400, 'malformed_json', 'The body is not valid JSON.') };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: validationError(parsed.error) };
}
