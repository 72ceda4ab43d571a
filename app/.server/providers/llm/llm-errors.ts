import { APIError } from 'openai';
import { ProviderError, providerErrorFromStatus, toProviderError } from '../provider-error';

/** Maps what the `openai` SDK throws to ProviderError. */
export function mapLlmError(
  provider: string,
  error: unknown,
  state: { timedOut: boolean; signal?: AbortSignal },
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (
    !state.timedOut &&
    !state.signal?.aborted &&
    error instanceof APIError &&
    typeof error.status === 'number'
  ) {
    return providerErrorFromStatus(provider, error.status, error.message);
  }
  return toProviderError(provider, error, state);
}
