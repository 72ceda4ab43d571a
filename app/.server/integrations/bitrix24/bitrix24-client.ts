import { z } from 'zod';
import { guardedFetch } from '../../net/ssrf-guard.ts';

/**
 * A Bitrix24 REST client (b24restdocs `settings/how-to-call-rest-api`): `POST <endpoint><method>` with a JSON
 * body, `{result}` or `{error, error_description}` back. Two ways in: an incoming webhook URL
 * (`https://<portal>/rest/<user>/<code>/`) or an OAuth application (`https://<portal>/rest/` with `auth` in
 * the body, refreshed after 401 `expired_token` only, as the docs ask). Every URL goes through the SSRF guard
 * with the project's allowed hosts. `QUERY_LIMIT_EXCEEDED` / `OVERLOAD_LIMIT` (503: the portal's leaky bucket)
 * are retried after a growing pause, so a burst of calls queues instead of failing.
 */
export type Bitrix24Auth =
  | { kind: 'webhook'; url: string }
  | {
      kind: 'oauth';
      /** `https://<portal>/rest/` (the token answer's `client_endpoint`). */
      endpoint: string;
      tokens: Bitrix24TokenSource;
    };

export interface Bitrix24TokenSource {
  /** The current access token (stored, sealed). */
  current(): Promise<string>;
  /** A new access token after `stale` was refused; concurrent callers share one refresh. */
  refresh(stale: string): Promise<string>;
}

/** One request as the per-connection log keeps it: never the token, never the body. */
export interface Bitrix24LogEntry {
  method: string;
  status: number;
  ok: boolean;
  error: string | null;
  durationMs: number;
  attempt: number;
}

export interface Bitrix24ClientOptions {
  auth: Bitrix24Auth;
  allowHosts?: readonly string[];
  onLog?: (entry: Bitrix24LogEntry) => void;
  /** Retries of a rate-limited request (503 QUERY_LIMIT_EXCEEDED / OVERLOAD_LIMIT). */
  maxRetries?: number;
  /** The first pause; doubled each retry (the bucket drains 2 requests/s on most plans). */
  backoffMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  timeoutMs?: number;
}

export class Bitrix24Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    description: string,
  ) {
    super(`${code}: ${description}`);
    this.name = 'Bitrix24Error';
  }
}

const RATE_LIMITED = new Set(['QUERY_LIMIT_EXCEEDED', 'OVERLOAD_LIMIT']);
const answer = z.object({
  result: z.unknown().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });

/** The webhook URL's shape: https://<portal>/rest/<user id>/<code>/ (a trailing method is dropped). */
export function parseWebhookUrl(raw: string): { url: string; portal: string } | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  const m = /^\/rest\/(\d+)\/([A-Za-z0-9]+)(?:\/.*)?$/.exec(u.pathname);
  if (!m || u.username || u.password) return null;
  return { url: `${u.origin}/rest/${m[1]}/${m[2]}/`, portal: u.host };
}

export type Bitrix24Client = ReturnType<typeof createBitrix24Client>;

export function createBitrix24Client(options: Bitrix24ClientOptions) {
  const maxRetries = options.maxRetries ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;

  async function once(
    method: string,
    params: Record<string, unknown>,
    token: string | null,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: z.infer<typeof answer> }> {
    const base = options.auth.kind === 'webhook' ? options.auth.url : options.auth.endpoint;
    const res = await guardedFetch(
      `${base}${method}.json`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(token ? { ...params, auth: token } : params),
        ...(signal ? { signal } : {}),
      },
      { allowHosts: options.allowHosts ?? [], timeoutMs: options.timeoutMs ?? 60_000, maxRedirects: 0 },
    );
    const text = await res.text();
    let parsed: z.infer<typeof answer>;
    try {
      parsed = answer.parse(JSON.parse(text));
    } catch {
      parsed = { error: 'ERROR_UNEXPECTED_ANSWER', error_description: `HTTP ${res.status}, not JSON` };
    }
    return { status: res.status, body: parsed };
  }

  /** Calls one REST method; returns `result` or throws Bitrix24Error (or the guard's refusal). */
  async function call<T = unknown>(
    method: string,
    params: Record<string, unknown> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    const auth = options.auth;
    let token = auth.kind === 'oauth' ? await auth.tokens.current() : null;
    let refreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      const started = Date.now();
      let status = 0;
      let error: string | null = null;
      try {
        const r = await once(method, params, token, signal);
        status = r.status;
        if (!r.body.error && r.status < 400) {
          options.onLog?.({
            method,
            status,
            ok: true,
            error: null,
            durationMs: Date.now() - started,
            attempt,
          });
          return r.body.result as T;
        }
        error = r.body.error ?? `HTTP_${r.status}`;
        const description = r.body.error_description ?? '';
        options.onLog?.({
          method,
          status,
          ok: false,
          error: `${error}${description ? `: ${description}` : ''}`,
          durationMs: Date.now() - started,
          attempt,
        });
        if (RATE_LIMITED.has(error) && attempt <= maxRetries) {
          await sleep(backoffMs * 2 ** (attempt - 1), signal);
          continue;
        }
        if (error === 'expired_token' && auth.kind === 'oauth' && token && !refreshed) {
          refreshed = true;
          token = await auth.tokens.refresh(token);
          continue;
        }
        throw new Bitrix24Error(error, status, description);
      } catch (e) {
        if (e instanceof Bitrix24Error) throw e;
        if (!error) {
          options.onLog?.({
            method,
            status,
            ok: false,
            error: e instanceof Error ? e.message : String(e),
            durationMs: Date.now() - started,
            attempt,
          });
        }
        throw e;
      }
    }
  }

  return { call };
}

/**
 * One refresh at a time per connection: the first caller refreshes, everyone who saw the same stale token
 * waits for that refresh and gets its token. A caller whose token is already newer gets the newest without
 * refreshing again (Bitrix24 may block an app that refreshes too often).
 */
export function singleFlightTokens(store: {
  read(): Promise<{ accessToken: string }>;
  /** Exchanges the stored refresh token (unless another process already replaced `stale`) and stores both
   * new tokens before answering. */
  exchange(stale: string): Promise<{ accessToken: string }>;
}): Bitrix24TokenSource {
  let inFlight: Promise<string> | null = null;
  return {
    async current() {
      return (await store.read()).accessToken;
    },
    refresh(stale) {
      // Set before any await: a second caller in the same tick joins this refresh.
      inFlight ??= (async () => {
        const now = (await store.read()).accessToken;
        if (now !== stale) return now;
        return (await store.exchange(stale)).accessToken;
      })().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}
