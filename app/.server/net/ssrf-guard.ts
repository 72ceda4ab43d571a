/**
 * Every URL the server fetches on a user's behalf (HTTP tools, knowledge URLs, webhooks) goes through
 * guardedFetch. It resolves the host once, refuses non-public addresses unless the project allow-lists the
 * host, connects to exactly the vetted address (so a second DNS answer cannot swap in 127.0.0.1: DNS
 * rebinding), follows redirects by hand so each hop is vetted too, and caps time and response size.
 */
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { AddressRefusedError, vetHost, type ResolvedAddress, type Resolver } from './address-policy';

export type { ResolvedAddress, Resolver } from './address-policy';

export interface GuardOptions {
  /** Hostnames (or IP literals) this project may reach even though they resolve to private addresses. */
  allowHosts?: readonly string[];
  /** Whole exchange, including reading the body. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** DNS override for tests; defaults to the system resolver, all addresses. */
  resolve?: Resolver;
}

export interface GuardedRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

export type SsrfBlockReason =
  'protocol' | 'private_address' | 'metadata_host' | 'dns_failure' | 'too_many_redirects' | 'bad_url';

export class SsrfBlockedError extends Error {
  readonly reason: SsrfBlockReason;
  readonly url: string;
  constructor(reason: SsrfBlockReason, url: string, detail: string) {
    super(`Blocked ${url}: ${detail}`);
    this.name = 'SsrfBlockedError';
    this.reason = reason;
    this.url = url;
  }
}

export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Response exceeds ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

const DEFAULTS = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Response() refuses a body with these statuses.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Checks one URL and returns the address to connect to. Exported for callers that only need the verdict. */
export async function vetUrl(
  url: URL,
  options: Pick<GuardOptions, 'allowHosts' | 'resolve'> = {},
): Promise<ResolvedAddress> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SsrfBlockedError('protocol', url.href, `protocol ${url.protocol} is not allowed`);
  }
  try {
    // The same policy as every other address the platform reaches (ADR 013).
    return await vetHost(url.hostname, options);
  } catch (error) {
    if (!(error instanceof AddressRefusedError)) throw error;
    const reason = error.reason === 'bad_host' ? 'bad_url' : error.reason;
    throw new SsrfBlockedError(reason, url.href, error.message);
  }
}

/** A net `lookup` that always answers the vetted address, whatever DNS would say now. */
function pinnedLookup(vetted: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      (callback as (err: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
        vetted,
      ]);
    } else {
      callback(null, vetted.address, vetted.family);
    }
  };
}

function sendOnce(
  url: URL,
  vetted: ResolvedAddress,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const outgoing: OutgoingHttpHeaders = { ...headers };
  if (body !== undefined) outgoing['content-length'] = Buffer.byteLength(body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false: a pooled keep-alive socket must not be reused for a hop whose address we vetted anew.
    const req = send(
      url,
      { method, headers: outgoing, lookup: pinnedLookup(vetted), agent: false, signal },
      resolve,
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function limitedBody(res: IncomingMessage, maxBytes: number, onDone: () => void): ReadableStream<Uint8Array> {
  let received = 0;
  const counted = res.map((chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) {
      res.destroy();
      throw new ResponseTooLargeError(maxBytes);
    }
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  });
  counted.once('close', onDone);
  counted.once('error', onDone);
  return Readable.toWeb(counted) as ReadableStream<Uint8Array>;
}

function toHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

export async function guardedFetch(
  input: string | URL,
  init: GuardedRequestInit = {},
  options: GuardOptions = {},
): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;

  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new SsrfBlockedError('bad_url', String(input), 'not a valid URL');
  }

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
  const onCallerAbort = () => controller.abort(init.signal?.reason);
  if (init.signal?.aborted) controller.abort(init.signal.reason);
  init.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const cleanup = () => {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', onCallerAbort);
  };

  let method = (init.method ?? 'GET').toUpperCase();
  let headers = { ...(init.headers ?? {}) };
  let body = init.body;
  try {
    for (let hop = 0; ; hop += 1) {
      const vetted = await vetUrl(url, options);
      controller.signal.throwIfAborted();
      const res = await sendOnce(url, vetted, method, headers, body, controller.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        res.resume();
        if (hop >= maxRedirects)
          throw new SsrfBlockedError('too_many_redirects', url.href, `more than ${maxRedirects} redirects`);
        const next = new URL(location, url);
        if (next.origin !== url.origin) {
          // Credentials were meant for the first origin only.
          headers = Object.fromEntries(
            Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)),
          );
        }
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = undefined;
          headers = Object.fromEntries(
            Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)),
          );
        }
        url = next;
        continue;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        throw new ResponseTooLargeError(maxBytes);
      }
      const headersOut = toHeaders(res);
      if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') {
        res.resume();
        cleanup();
        return new Response(null, { status, headers: headersOut });
      }
      const response = new Response(limitedBody(res, maxBytes, cleanup), { status, headers: headersOut });
      Object.defineProperty(response, 'url', { value: url.href });
      return response;
    }
  } catch (error) {
    cleanup();
    if (controller.signal.aborted && !(error instanceof SsrfBlockedError)) throw controller.signal.reason;
    throw error;
  }
}

/** A WHATWG-style fetch bound to one project's guard settings, for SDK clients that accept `fetch`. */
export function createGuardedFetch(options: GuardOptions) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : input;
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => {
      headers[k] = v;
    });
    const rawBody = init?.body;
    let body: string | Uint8Array | undefined;
    if (typeof rawBody === 'string' || rawBody instanceof Uint8Array) body = rawBody;
    else if (rawBody instanceof ArrayBuffer) body = new Uint8Array(rawBody);
    else if (rawBody != null) body = new Uint8Array(await new Response(rawBody).arrayBuffer());
    return guardedFetch(
      url,
      { method: init?.method ?? 'GET', headers, body, ...(init?.signal ? { signal: init.signal } : {}) },
      options,
    );
  };
}
