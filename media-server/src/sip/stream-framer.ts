/**
 * Cuts SIP messages out of a TCP byte stream by Content-Length (RFC 3261 18.3). A double CRLF between
 * messages is a keep-alive ping (RFC 5626 4.4.1) and is reported so the transport can answer with a pong.
 */
import { MAX_BODY_BYTES, MAX_HEADER_BYTES } from './sip-parser.ts';

export type FramedItem = { kind: 'message'; data: Buffer } | { kind: 'ping' };

export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** CR/LF bytes seen between messages, across chunks: four of them make a ping. */
  private blank = 0;

  /** Feeds bytes; returns complete items. Throws when the stream cannot be SIP (caller closes it). */
  push(chunk: Buffer): FramedItem[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const items: FramedItem[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.buffer.length && (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a))
        skip += 1;
      this.blank += skip;
      if (this.blank >= 4) {
        items.push({ kind: 'ping' });
        this.blank = 0;
      }
      if (skip > 0) this.buffer = this.buffer.subarray(skip);
      if (this.buffer.length === 0) break;
      this.blank = 0;
      const headEnd = this.buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) throw new Error('SIP headers too large on stream');
        break;
      }
      const length = contentLength(this.buffer.toString('utf8', 0, headEnd));
      if (length === undefined) throw new Error('bad Content-Length on stream');
      if (length > MAX_BODY_BYTES) throw new Error('SIP body too large on stream');
      const total = headEnd + 4 + length;
      if (this.buffer.length < total) break;
      items.push({ kind: 'message', data: Buffer.from(this.buffer.subarray(0, total)) });
      this.buffer = this.buffer.subarray(total);
    }
    return items;
  }
}

/** Content-Length (or compact `l`) from a header block; 0 when absent, undefined when unreadable. */
function contentLength(head: string): number | undefined {
  const match = /\r\n(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/i.exec(head);
  if (!match) return 0;
  const value = (match[1] ?? '').trim();
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}
