/**
 * One error type for every provider connector, so callers (media server, flow runtime ports) decide on
 * retries and fallbacks from `code` and `retryable` without knowing which SDK or protocol failed.
 */
export type ProviderErrorCode =
  'timeout' | 'auth' | 'rate_limited' | 'unavailable' | 'bad_response' | 'aborted';

export class ProviderError extends Error {
  readonly provider: string;
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly status?: number;

  constructor(
    provider: string,
    code: ProviderErrorCode,
    message: string,
    options: { retryable?: boolean; status?: number; cause?: unknown } = {},
  ) {
    super(`${provider}: ${message}`, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.code = code;
    this.retryable = options.retryable ?? defaultRetryable(code);
    if (options.status !== undefined) this.status = options.status;
  }
}

function defaultRetryable(code: ProviderErrorCode): boolean {
  return code === 'timeout' || code === 'rate_limited' || code === 'unavailable';
}

/** Maps an HTTP status from any provider API to our codes. */
export function providerErrorFromStatus(provider: string, status: number, detail: string): ProviderError {
  const message = `HTTP ${status}${detail ? `: ${detail.slice(0, 300)}` : ''}`;
  if (status === 401 || status === 403) return new ProviderError(provider, 'auth', message, { status });
  if (status === 429) return new ProviderError(provider, 'rate_limited', message, { status });
  if (status === 408) return new ProviderError(provider, 'timeout', message, { status });
  if (status >= 500) return new ProviderError(provider, 'unavailable', message, { status });
  return new ProviderError(provider, 'bad_response', message, { status, retryable: false });
}

function isAbortLike(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}

/**
 * Normalises whatever a fetch/SDK call threw. `timedOut` tells a deadline we set apart from a cancel by the
 * caller: both surface as AbortError from fetch.
 */
export function toProviderError(
  provider: string,
  error: unknown,
  state: { timedOut: boolean; signal?: AbortSignal },
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (state.timedOut) return new ProviderError(provider, 'timeout', 'request timed out', { cause: error });
  if (isAbortLike(error) || state.signal?.aborted)
    return new ProviderError(provider, 'aborted', 'request aborted', { cause: error, retryable: false });
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(provider, 'unavailable', message, { cause: error });
}
