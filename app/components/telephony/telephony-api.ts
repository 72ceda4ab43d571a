/** The screen talks to the JSON API (same origin, session cookie); errors come back with their field names. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  fields: Record<string, string[]>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; failure: ApiFailure };

export async function callApi<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, failure: { status: 0, code: 'network', message: '', fields: {} } };
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) return { ok: true, data: json as T };
  const error = (json as { error?: Partial<ApiFailure> } | null)?.error;
  return {
    ok: false,
    failure: {
      status: res.status,
      code: error?.code ?? 'error',
      message: error?.message ?? '',
      fields: error?.fields ?? {},
    },
  };
}

/** The top-level field a server message is about ("workingHours.days.mon.0" → "workingHours"). */
export function failedFields(failure: ApiFailure | undefined): Set<string> {
  return new Set(Object.keys(failure?.fields ?? {}).map((key) => key.split('.')[0] ?? key));
}
