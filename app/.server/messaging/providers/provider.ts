/**
 * One interface for every messaging provider: send one message, and (where the provider has them) read its
 * delivery status. A provider's answer is sorted into ok / retryable (5xx, 429, network) / final (bad number,
 * bad credentials), so the notifications service retries only what can succeed later.
 */
export type SendOutcome =
  { ok: true; providerId: string } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

export type DeliveryState = 'sent' | 'delivered' | 'failed';

export interface MessagingProvider {
  send(message: { to: string; text: string; subject?: string }): Promise<SendOutcome>;
  /** The provider's word on a sent message; absent where the protocol has no status query. */
  status?(providerId: string): Promise<{ state: DeliveryState; reason?: string }>;
}

/** fetch with a time limit; a network failure or timeout is retryable. */
export async function fetchWithin(url: string, init: RequestInit, ms = 10_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms), redirect: 'error' });
}

export const networkFailure = (error: unknown): SendOutcome => ({
  ok: false,
  retryable: true,
  reason: `network: ${error instanceof Error ? error.message : String(error)}`,
});
