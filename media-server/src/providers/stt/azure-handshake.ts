/**
 * Why the Azure Speech SDK could not connect. The SDK sees a refused WebSocket handshake only as "Unable to
 * contact server … 1006": its socket closes before it reads the HTTP status, so a wrong key looked like an
 * outage (`unavailable`, retried, and shown so on the call record). We repeat the handshake the SDK made —
 * the same URL and the same key header — and read the status the service answers.
 */
import WebSocket from 'ws';
import { type ProviderError, providerErrorFromStatus } from '#server/providers/provider-error';

/** The SDK's recognition URL: the configured endpoint, or the region's (docs: "Speech to text REST API"). */
export function azureSttUrl(config: { region?: string; endpoint?: string }, language: string): string {
  const base =
    config.endpoint ??
    `wss://${config.region ?? ''}.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1`;
  const url = new URL(base);
  url.searchParams.set('language', language);
  return url.toString();
}

/** The HTTP status the handshake is refused with; undefined when it succeeds or nothing answers. */
export function handshakeStatus(url: string, apiKey: string, timeoutMs = 5000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, {
      headers: { 'Ocp-Apim-Subscription-Key': apiKey },
      handshakeTimeout: timeoutMs,
    });
    socket.on('unexpected-response', (request, response) => {
      resolve(response.statusCode);
      response.resume();
      request.destroy();
    });
    socket.on('open', () => {
      resolve(undefined); // accepted now: the failure was elsewhere (or has passed)
      socket.close();
    });
    socket.on('error', () => resolve(undefined));
  });
}

/** A connection failure explained by the handshake's status when the service refused it, else as it was. */
export async function explainConnectionFailure(
  failure: ProviderError,
  url: string,
  apiKey: string,
): Promise<ProviderError> {
  const status = await handshakeStatus(url, apiKey);
  if (status === undefined) return failure;
  return providerErrorFromStatus('azure-stt', status, failure.message);
}
