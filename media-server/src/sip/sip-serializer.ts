import { canonicalHeaderName } from './sip-headers.ts';
import { type SipMessage } from './sip-message.ts';

/**
 * A message that cannot be written without letting one of its values act as SIP syntax: a CR or LF would
 * end a header and start another (or another protocol's command, when the peer is not a SIP server), a NUL
 * or other control character is never valid SIP text (RFC 3261 25.1). Raised whatever the caller passes,
 * so no input, stored or received, can reach the wire as a header of its own.
 */
export class UnsafeSipMessageError extends Error {
  constructor(
    readonly part: 'method' | 'uri' | 'status' | 'reason' | 'header-name' | 'header-value',
    detail: string,
  ) {
    super(`refusing to send a SIP message: ${part} ${detail}`);
    this.name = 'UnsafeSipMessageError';
  }
}

// RFC 3261 25.1: token for methods and header names; header values are TEXT-UTF8 and LWS, where HTAB is
// the only control character allowed (and only inside a line). C1 controls (U+0080..U+009F) are refused too.
const TOKEN = /^[A-Za-z0-9!%*_+`'~.-]+$/;
// \p{Cc} is exactly C0, DEL and C1.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_TAB = /[^\P{Cc}\t]/u;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\p{Cc}]+$/u;

const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** Throws UnsafeSipMessageError unless every part of the message is safe to write as it is. */
export function assertSafeSipMessage(message: SipMessage): void {
  if (message.kind === 'request') {
    if (!TOKEN.test(message.method)) throw new UnsafeSipMessageError('method', shown(message.method));
    if (!URI.test(message.uri)) throw new UnsafeSipMessageError('uri', shown(message.uri));
  } else {
    if (!Number.isInteger(message.status) || message.status < 100 || message.status > 699)
      throw new UnsafeSipMessageError('status', String(message.status));
    if (CONTROL_BUT_TAB.test(message.reason))
      throw new UnsafeSipMessageError('reason', shown(message.reason));
  }
  for (const [name, value] of message.headers) {
    if (!TOKEN.test(name)) throw new UnsafeSipMessageError('header-name', shown(name));
    assertSafeHeaderValue(value, name);
  }
}

/** One header value (for stacks that build headers themselves, such as drachtio-srf). */
export function assertSafeHeaderValue(value: string, name = 'header'): void {
  if (CONTROL_BUT_TAB.test(value))
    throw new UnsafeSipMessageError('header-value', `${name}: ${shown(value)}`);
}

/** True when the text holds a control character (tab included): for values that become URIs or tokens. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * Writes a message with one header per line and a Content-Length that always matches the body. Throws
 * UnsafeSipMessageError instead of writing anything a value could have smuggled in.
 */
export function serializeSipMessage(message: SipMessage): Buffer {
  assertSafeSipMessage(message);
  const startLine =
    message.kind === 'request'
      ? `${message.method} ${message.uri} SIP/2.0`
      : `SIP/2.0 ${message.status} ${message.reason}`;
  let head = `${startLine}\r\n`;
  for (const [name, value] of message.headers) {
    if (name === 'content-length') continue;
    head += `${canonicalHeaderName(name)}: ${value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  return message.body.length > 0
    ? Buffer.concat([Buffer.from(head, 'utf8'), message.body])
    : Buffer.from(head);
}
