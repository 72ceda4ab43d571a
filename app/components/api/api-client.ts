import type { z } from 'zod';

/**
 * The browser's one way to call the JSON API (same origin, session cookie). The browser sends Origin on
 * state-changing requests itself, which is what the server's CSRF check reads; nothing else is needed.
 * Failures come back in the server's own shape (`{error: {code, message, fields}}`) plus the HTTP status;
 * a request that never reached the server is `network`, an answer the caller's schema refuses `bad_response`.
 */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  /** Field path ("workingHours.days.mon.0") → the server's messages; empty when no field is blamed. */
  fields: Record<string, string[]>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

/** Every address the client calls is under the versioned API. */
export type ApiPath = `/api/v1/${string}`;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as multipart (the browser writes the boundary header). */
  form?: FormData;
  query?: URLSearchParams;
  signal?: AbortSignal;
  /** Lets the request outlive the page (ending a session when the person leaves). */
  keepalive?: boolean;
}

export const apiUrl = (path: ApiPath, query?: URLSearchParams): string => {
  const search = query?.toString();
  return search ? `${path}?${search}` : path;
};

function failureFrom(status: number, body: unknown): ApiFailure {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, fields } = error as { code?: unknown; message?: unknown; fields?: unknown };
    if (typeof code === 'string' && typeof message === 'string') {
      return { status, code, message, fields: validFields(fields) };
    }
  }
  return { status, code: 'http_error', message: `HTTP ${status}`, fields: {} };
}

function validFields(fields: unknown): Record<string, string[]> {
  if (typeof fields !== 'object' || fields === null) return {};
  return Object.fromEntries(
    Object.entries(fields).filter(
      (entry): entry is [string, string[]] =>
        Array.isArray(entry[1]) && entry[1].every((m) => typeof m === 'string'),
    ),
  );
}

const NETWORK: ApiFailure = {
  status: 0,
  code: 'network',
  message: 'The server could not be reached.',
  fields: {},
};

/**
 * The raw answer, for bodies that are not JSON (a CSV stream, a recording); a 4xx/5xx is still read as the
 * API's error shape. An aborted request is a `network` failure like any other that never got an answer.
 */
export function apiResponse(
  path: ApiPath,
  request: ApiRequest = {},
): Promise<{ ok: true; response: Response } | { ok: false; error: ApiFailure }> {
  return send(path, request, {});
}

async function send(
  path: ApiPath,
  request: ApiRequest,
  headers: Record<string, string>,
): Promise<{ ok: true; response: Response } | { ok: false; error: ApiFailure }> {
  let body: BodyInit | undefined;
  if (request.form) body = request.form;
  else if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, request.query), {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: request.signal,
      keepalive: request.keepalive,
    });
  } catch {
    return { ok: false, error: NETWORK };
  }
  if (response.ok) return { ok: true, response };
  const answer: unknown = await response.json().catch(() => null);
  return { ok: false, error: failureFrom(response.status, answer) };
}

/**
 * A JSON call. With a schema the answer is checked before the caller trusts it; without one the answer is
 * `unknown` (null for an empty body), for calls whose success is all the caller needs.
 */
export async function api<S extends z.ZodType>(
  path: ApiPath,
  request: ApiRequest & { schema: S },
): Promise<ApiResult<z.output<S>>>;
export async function api(path: ApiPath, request?: ApiRequest): Promise<ApiResult<unknown>>;
export async function api(
  path: ApiPath,
  request: ApiRequest & { schema?: z.ZodType } = {},
): Promise<ApiResult<unknown>> {
  const answered = await send(path, request, { accept: 'application/json' });
  if (!answered.ok) return answered;
  const { response } = answered;
  const body: unknown = await response.json().catch(() => null);
  if (!request.schema) return { ok: true, data: body };
  const parsed = request.schema.safeParse(body);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : {
        ok: false,
        error: { status: response.status, code: 'bad_response', message: 'Unexpected answer.', fields: {} },
      };
}

/** The top-level fields a failure blames ("workingHours.days.mon.0" → "workingHours"). */
export function failedFields(failure: ApiFailure | undefined): Set<string> {
  return new Set(Object.keys(failure?.fields ?? {}).map((key) => key.split('.')[0] ?? key));
}
