import type { FetchLike } from './llm/openai-client';
import { startDeadline, type Deadline } from './deadline';
import { providerErrorFromStatus, toProviderError } from './provider-error';

export interface ProviderHttpOptions {
  provider: string;
  timeoutMs: number;
  signal: AbortSignal;
  fetch?: FetchLike;
}

/**
 * A provider REST call with our deadline and error mapping. Non-2xx becomes ProviderError; the returned
 * deadline keeps running while the caller reads the body, and must be disposed by the caller.
 */
export async function providerRequest(
  url: string,
  init: RequestInit,
  options: ProviderHttpOptions,
): Promise<{ response: Response; deadline: Deadline }> {
  const deadline = startDeadline(options.timeoutMs, options.signal);
  try {
    const response = await (options.fetch ?? fetch)(url, { ...init, signal: deadline.signal });
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      throw providerErrorFromStatus(options.provider, response.status, detail);
    }
    return { response, deadline };
  } catch (error) {
    deadline.dispose();
    throw toProviderError(options.provider, error, deadline);
  }
}

/** Reads a whole body under the request's deadline, mapping failures. */
export async function readBody<T>(provider: string, deadline: Deadline, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw toProviderError(provider, error, deadline);
  } finally {
    deadline.dispose();
  }
}

/** Streams a body's bytes under the request's deadline, mapping failures. */
export async function* streamBody(
  provider: string,
  response: Response,
  deadline: Deadline,
): AsyncGenerator<Uint8Array> {
  try {
    if (!response.body) return;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) yield chunk;
    if (deadline.signal.aborted) throw deadline.signal.reason;
  } catch (error) {
    throw toProviderError(provider, error, deadline);
  } finally {
    deadline.dispose();
  }
}
