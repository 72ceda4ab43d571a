/**
 * FreeSWITCH event socket (mod_event_socket) framing: a message is header lines ("Name: value"), a blank
 * line, then Content-Length bytes of body. Plain events carry their own headers (URL-encoded values) in
 * that body, optionally followed by a blank line and the event's own body.
 */

export interface EslMessage {
  headers: Map<string, string>;
  body: string;
}

function parseHeaderBlock(block: string, decode: boolean): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\n')) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const value = line.slice(at + 1).trim();
    let decoded = value;
    if (decode) {
      try {
        decoded = decodeURIComponent(value);
      } catch {
        decoded = value; // a stray "%" in a value: keep it as sent
      }
    }
    headers.set(line.slice(0, at).trim(), decoded);
  }
  return headers;
}

/** Splits a byte stream into ESL messages; feed it chunks as they arrive. */
export class EslReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): EslMessage[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: EslMessage[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const headers = parseHeaderBlock(this.buffer.subarray(0, end).toString('utf8'), false);
      const length = Number(headers.get('Content-Length') ?? 0);
      if (this.buffer.length < end + 2 + length) break;
      const body = this.buffer.subarray(end + 2, end + 2 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 2 + length);
      out.push({ headers, body });
    }
    return out;
  }
}

/** A text/event-plain body: the event's headers, and its own body (after Content-Length) if any. */
export function parsePlainEvent(body: string): EslMessage {
  const split = body.indexOf('\n\n');
  const headers = parseHeaderBlock(split < 0 ? body : body.slice(0, split), true);
  const length = Number(headers.get('Content-Length') ?? 0);
  const rest = split < 0 ? '' : body.slice(split + 2);
  return { headers, body: length > 0 ? rest.slice(0, length) : '' };
}

/** The inverse of parsePlainEvent, for the test's FreeSWITCH. */
export function formatPlainEvent(headers: Record<string, string>, body = ''): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${encodeURIComponent(v)}`);
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\n')}\n\n${body}`;
}
