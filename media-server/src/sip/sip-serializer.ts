import { canonicalHeaderName } from './sip-headers.ts';
import { type SipMessage } from './sip-message.ts';

/** Writes a message with one header per line and a Content-Length that always matches the body. */
export function serializeSipMessage(message: SipMessage): Buffer {
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
