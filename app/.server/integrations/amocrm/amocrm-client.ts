import { guardedFetch } from '../../net/ssrf-guard.ts';
import type { Bitrix24LogEntry, Bitrix24TokenSource } from '../bitrix24/bitrix24-client.ts';

/**
 * An amoCRM (Kommo) API v4 client: `https://<subdomain>.amocrm.ru/api/v4/...` with `Authorization: Bearer`,
 * JSON (hal+json) back, `204 No Content` for an empty list. At most 7 requests a second per account (the
 * published limit; above it 429, and repeated excess can block the account), so requests queue here before
 * they leave; a 429 anyway is retried after a pause. A 401 refreshes the token once (rotating refresh tokens,
 * one refresh at a time) and repeats the request. Every URL goes through the SSRF guard.
 */
export type AmoCrmLogEntry = Bitrix24LogEntry;

export class AmoCrmError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`amoCRM HTTP ${status}: ${detail}`);
    this.name = 'AmoCrmError';
  }
}

export interface AmoCrmClientOptions {
  baseUrl: string;
  tokens: Bitrix24TokenSource;
  allowHosts?: readonly string[];
  onLog?: (entry: AmoCrmLogEntry) => void;
  /** Requests a second this client lets out (amoCRM allows 7). */
  perSecond?: number;
  maxRetries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A sliding one-second window, counted conservatively: a request holds its slot while in flight and for a
 * second after its answer came (the account counts it when it arrived, which is earlier), so however long
 * the network takes, no second at the account sees more than `perSecond` of ours. Waiters leave in order.
 */
function windowLimiter(perSecond: number, now: () => number, sleep: (ms: number) => Promise<void>) {
  const done: number[] = [];
  let inFlight = 0;
  let chain: Promise<void> = Promise.resolve();
  const release = () => {
    inFlight -= 1;
    done.push(now());
  };
  return function acquire(): Promise<() => void> {
    const turn = chain.then(async () => {
      for (;;) {
        const t = now();
        while (done.length && done[0]! <= t - 1000) done.shift();
        if (inFlight + done.length < perSecond) {
          inFlight += 1;
          return;
        }
        await sleep(done.length ? done[0]! + 1000 - t + 1 : 20);
      }
    });
    chain = turn.catch(() => undefined);
    return turn.then(() => {
      let released = false;
      return () => {
        if (!released) release();
        released = true;
      };
    });
  };
}

export type AmoCrmClient = ReturnType<typeof createAmoCrmClient>;

export function createAmoCrmClient(options: AmoCrmClientOptions) {
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;
  const acquire = windowLimiter(options.perSecond ?? 7, now, sleep);
  const maxRetries = options.maxRetries ?? 4;
  const backoffMs = options.backoffMs ?? 1_000;

  /** One API request; the parsed JSON answer, or null for 204. Throws AmoCrmError on a refusal. */
  async function request(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<unknown> {
    let token = await options.tokens.current();
    let refreshed = false;
    const label = `${method} ${path.split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    for (let attempt = 1; ; attempt += 1) {
      const release = await acquire();
      const started = now();
      const log = (status: number, error: string | null) =>
        options.onLog?.({ method: label, status, ok: !error, error, durationMs: now() - started, attempt });
      let res: Response;
      try {
        res = await guardedFetch(
          new URL(path, options.baseUrl),
          {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/hal+json, application/json',
              ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            ...(signal ? { signal } : {}),
          },
          { allowHosts: options.allowHosts ?? [], timeoutMs: options.timeoutMs ?? 20_000, maxRedirects: 0 },
        );
      } catch (e) {
        release();
        log(0, e instanceof Error ? e.message : String(e));
        throw e;
      }
      const text = res.status === 204 ? '' : await res.text().finally(release);
      release();
      if (res.status === 204) {
        log(204, null);
        return null;
      }
      if (res.ok) {
        log(res.status, null);
        return text ? (JSON.parse(text) as unknown) : null;
      }
      const detail = problemDetail(text) ?? `HTTP ${res.status}`;
      log(res.status, detail);
      if (res.status === 429 && attempt <= maxRetries) {
        await sleep(backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        token = await options.tokens.refresh(token);
        continue;
      }
      throw new AmoCrmError(res.status, detail);
    }
  }
  return { request };
}

/** The `detail`/`title` of a problem+json answer, or the first validation error. */
function problemDetail(text: string): string | null {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const errors = json['validation-errors'];
    if (Array.isArray(errors)) return `validation: ${JSON.stringify(errors).slice(0, 300)}`;
    const detail = json.detail ?? json.title ?? json.hint;
    return typeof detail === 'string' ? detail : null;
  } catch {
    return null;
  }
}
