import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the endpoint's secret, sent as
 * `X-Webhook-Signature: v1=<hex>` beside `X-Webhook-Timestamp` (Unix seconds) and `X-Webhook-Id` (the
 * delivery id; the same on retries, so receivers can drop repeats). The timestamp inside the signed text
 * lets receivers refuse replays older than a few minutes.
 */
export const SIGNATURE_HEADER = 'x-webhook-signature';
export const TIMESTAMP_HEADER = 'x-webhook-timestamp';
export const DELIVERY_HEADER = 'x-webhook-id';
export const EVENT_HEADER = 'x-webhook-event';

export function signPayload(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver runs (the OpenAPI description shows the same in a snippet). */
export function verifySignature(
  secret: string,
  headers: { signature: string | null; timestamp: string | null },
  body: string,
  options: { toleranceS?: number; nowS?: number } = {},
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  const now = options.nowS ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceS ?? 300)) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const VERIFY_SNIPPET = [
  '```js',
  "import { createHmac, timingSafeEqual } from 'node:crypto';",
  '// body: the raw request body (a string, before JSON.parse); secret: shown once when the webhook was made',
  'function verify(secret, headers, body) {',
  "  const timestamp = headers['x-webhook-timestamp'];",
  '  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // replayed or stale',
  "  const expected = 'v1=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');",
  "  const given = headers['x-webhook-signature'] ?? '';",
  '  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));',
  '}',
  '```',
].join('\n');
