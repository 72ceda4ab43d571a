import { assertSafeSipMessage, UnsafeSipMessageError } from '../sip/sip-serializer.ts';
import { SipHeaders } from '../sip/sip-headers.ts';

/**
 * drachtio-srf writes the headers we hand it into the message itself, past our serializer: the same check
 * runs here, so a value with CR, LF, NUL or another control character throws (UnsafeSipMessageError)
 * instead of becoming a header of its own (issue 14).
 */
export function safeHeaders(headers: Record<string, string>): Record<string, string> {
  const probe = SipHeaders.from(Object.entries(headers));
  // Checked as part of a harmless request, so names and values get exactly the serializer's rules.
  assertSafeSipMessage({
    kind: 'request',
    method: 'OPTIONS',
    uri: 'sip:check',
    headers: probe,
    body: Buffer.alloc(0),
  });
  for (const name of Object.keys(headers))
    if (/[\s:]/.test(name)) throw new UnsafeSipMessageError('header-name', JSON.stringify(name));
  return headers;
}

/** A reason phrase for drachtio-srf's res.send: the serializer's rule for the status line. */
export function safeReason(reason: string): string {
  assertSafeSipMessage({
    kind: 'response',
    status: 200,
    reason,
    headers: new SipHeaders(),
    body: Buffer.alloc(0),
  });
  return reason;
}
