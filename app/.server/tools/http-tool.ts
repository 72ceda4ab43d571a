import type { ToolOutcome } from '#flow-runtime/ports';
import type { Logger } from '../logger';
import { guardedFetch, ResponseTooLargeError, SsrfBlockedError, type Resolver } from '../net/ssrf-guard';
import { readJsonPath } from './json-path-lite';
import { renderHeader, renderJsonBody, renderUrl, TemplateError } from './arg-templates';
import { IDEMPOTENT_METHODS, type HttpToolDefinition } from './tool-definition';

export interface HttpToolContext {
  resolveCredential: (id: string) => Promise<string>;
  allowHosts: readonly string[];
  logger: Pick<Logger, 'info' | 'warn'>;
  signal: AbortSignal;
  /** Base of the exponential backoff between retries. */
  backoffMs?: number;
  maxResponseBytes?: number;
  /** DNS override (tests). */
  resolve?: Resolver;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
/** How much of an error answer's body is kept. */
const ERROR_BODY_CHARS = 2000;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function mapResponse(definition: HttpToolDefinition, body: unknown): unknown {
  const entries = Object.entries(definition.responseMapping);
  if (entries.length === 0) return body;
  return Object.fromEntries(entries.map(([variable, path]) => [variable, readJsonPath(body, path) ?? null]));
}

/** Performs one HTTP tool call: render, send through the SSRF guard, retry when safe, map the response. */
export async function runHttpTool(
  definition: HttpToolDefinition,
  args: Record<string, unknown>,
  context: HttpToolContext,
): Promise<ToolOutcome> {
  let url: string;
  let body: string | undefined;
  const headers: Record<string, string> = {};
  try {
    url = renderUrl(definition.urlTemplate, args);
    if (
      definition.bodyTemplate !== undefined &&
      definition.method !== 'GET' &&
      definition.method !== 'HEAD'
    ) {
      body = renderJsonBody(definition.bodyTemplate, args);
      headers['content-type'] = 'application/json';
    }
    for (const [name, template] of Object.entries(definition.headers)) {
      headers[name.toLowerCase()] = await renderHeader(template, args, context.resolveCredential);
    }
  } catch (error) {
    const message =
      error instanceof TemplateError
        ? error.message
        : 'could not prepare the request (credential unavailable?)';
    return { ok: false, error: message, retryable: false };
  }
  headers['accept'] ??= 'application/json';

  const attempts = IDEMPOTENT_METHODS.has(definition.method) ? definition.retries + 1 : 1;
  let last: ToolOutcome = { ok: false, error: 'not attempted', retryable: false };
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) {
      try {
        await sleep((context.backoffMs ?? 200) * 2 ** (attempt - 2), context.signal);
      } catch {
        return { ok: false, error: 'cancelled', retryable: false };
      }
    }
    last = await attemptOnce(definition, url, headers, body, context);
    context.logger.info(
      { tool: definition.name, attempt, ok: last.ok, status: last.status },
      'http tool attempt',
    );
    if (last.ok || !last.retryable) return last;
  }
  return last;
}

async function attemptOnce(
  definition: HttpToolDefinition,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  context: HttpToolContext,
): Promise<ToolOutcome> {
  try {
    const response = await guardedFetch(
      url,
      { method: definition.method, headers, ...(body !== undefined ? { body } : {}), signal: context.signal },
      {
        allowHosts: context.allowHosts,
        timeoutMs: definition.timeoutMs,
        maxBytes: context.maxResponseBytes ?? 1024 * 1024,
        ...(context.resolve ? { resolve: context.resolve } : {}),
      },
    );
    const text = await response.text();
    if (!response.ok) {
      // The error answer's own words (a wrong key, a missing field) are what the person testing needs.
      return {
        ok: false,
        error: `HTTP ${response.status}`,
        retryable: RETRYABLE_STATUS.has(response.status),
        status: response.status,
        ...(text ? { body: truncate(text, ERROR_BODY_CHARS) } : {}),
      };
    }
    let parsed: unknown = text;
    if (text && /json/i.test(response.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        return { ok: false, error: 'response is not valid JSON', retryable: false, status: response.status };
      }
    }
    return { ok: true, result: mapResponse(definition, parsed), status: response.status };
  } catch (error) {
    if (error instanceof SsrfBlockedError) {
      context.logger.warn({ tool: definition.name, reason: error.reason }, 'http tool blocked by SSRF guard');
      return { ok: false, error: `blocked: ${error.message}`, retryable: false };
    }
    if (error instanceof ResponseTooLargeError) return { ok: false, error: error.message, retryable: false };
    if (context.signal.aborted) return { ok: false, error: 'cancelled', retryable: false };
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError')
      return { ok: false, error: `timed out after ${definition.timeoutMs} ms`, retryable: true };
    return {
      ok: false,
      error: `request failed: ${error instanceof Error ? error.message : String(error)}`,
      retryable: true,
    };
  }
}
