/**
 * One interface for every messaging provider: send one message, and (where the provider has them) read its
 * delivery status. A provider's answer is sorted into ok / retryable (5xx, 429, network) / final (bad number,
 * bad credentials), so the notifications service retries only what can succeed later.
 */
export type SendOutcome =
  | { ok: true; providerId: string }
  | {
      ok: false;
      retryable: boolean;
      reason: string;
      retryAfterMs?: number;
      /** The request may have reached the provider (a timeout or reset after sending): it may have been taken. */
      unknown?: boolean;
    };

export type DeliveryState = 'sent' | 'delivered' | 'failed';

export interface MessagingProvider {
  /** `ref` is our message id: providers that accept a client id get it, so a lost answer can be asked about. */
  send(message: { to: string; text: string; subject?: string; ref?: string }): Promise<SendOutcome>;
  /** The provider's word on a sent message; absent where the protocol has no status query. */
  status?(providerId: string): Promise<{ state: DeliveryState; reason?: string }>;
  /** Many at once where the protocol allows (SMS.ru: 100 ids a request); ids it does not answer are absent. */
  statusMany?(
    providerIds: readonly string[],
  ): Promise<Map<string, { state: DeliveryState; reason?: string }>>;
  /**
   * Where the protocol can look a message up by our own id (after a crash between the provider accepting and
   * us recording it): its provider id when it was accepted, null when the provider never saw it.
   */
  lookupByRef?(ref: string, to: string): Promise<{ found: true; providerId: string } | { found: false }>;
  /** Registers our callback URL with the provider (SMS.ru callback/add, Telegram setWebhook). */
  connectInbound?(url: string, token: string): Promise<void>;
}

/** What a provider's callback tells us: a message someone sent us, or a delivery report of one of ours. */
export type InboundEvent =
  | { kind: 'message'; providerId: string; sender: string; text: string }
  | { kind: 'status'; providerId: string; state: DeliveryState; reason?: string };

/** fetch with a time limit; a network failure or timeout is retryable. */
export async function fetchWithin(url: string, init: RequestInit, ms = 10_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms), redirect: 'error' });
}

/** Errors that prove the request never reached the provider (no connection was made). */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export const networkFailure = (error: unknown): SendOutcome => {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return {
    ok: false,
    retryable: true,
    reason: `network: ${error instanceof Error ? error.message : String(error)}${cause?.code ? ` (${cause.code})` : ''}`,
    unknown: !NOT_CONNECTED.has(cause?.code ?? ''),
  };
};
