/**
 * Just enough of the PDF object syntax (ISO 32000-1 §7.2–7.3) to read a stream's dictionary the way pdf.js
 * reads it: comments, literal strings with nested parentheses and escapes, hex strings, names with #xx
 * escapes, numbers, references, arrays and dictionaries. Used to measure streams before pdf.js expands them.
 */
export type PdfValue =
  | { kind: 'name'; name: string }
  | { kind: 'number'; value: number }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'array'; items: PdfValue[] }
  | { kind: 'dict'; entries: Map<string, PdfValue> }
  | { kind: 'other' };

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const MAX_DEPTH = 64;

export class PdfReader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.pos = start;
  }

  /** Skips whitespace and comments. */
  skipSpace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (WHITE.has(c)) this.pos += 1;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos += 1;
      } else break;
    }
  }

  /** A run of regular characters (a number or a keyword such as obj, R, stream). */
  regular(): string {
    const b = this.bytes;
    const start = this.pos;
    while (this.pos < b.length && !WHITE.has(b[this.pos]!) && !DELIM.has(b[this.pos]!)) this.pos += 1;
    return String.fromCharCode(...b.subarray(start, Math.min(this.pos, start + 64)));
  }

  private name(): string {
    const b = this.bytes;
    this.pos += 1; // '/'
    let out = '';
    while (this.pos < b.length && !WHITE.has(b[this.pos]!) && !DELIM.has(b[this.pos]!)) {
      const c = b[this.pos]!;
      const hex = c === 0x23 ? String.fromCharCode(b[this.pos + 1] ?? 0, b[this.pos + 2] ?? 0) : '';
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 3;
      } else {
        out += String.fromCharCode(c);
        this.pos += 1;
      }
      if (out.length > 256) break;
    }
    return out;
  }

  private skipLiteralString(): void {
    const b = this.bytes;
    let depth = 0;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      this.pos += 1;
      if (c === 0x5c)
        this.pos += 1; // backslash escapes the next byte
      else if (c === 0x28) depth += 1;
      else if (c === 0x29 && --depth === 0) return;
    }
  }

  /** The next value; unknown syntax reads as `other` and moves on by at least one byte. */
  value(depth = 0): PdfValue {
    this.skipSpace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined || depth > MAX_DEPTH) return { kind: 'other' };
    if (c === 0x2f) return { kind: 'name', name: this.name() };
    if (c === 0x28) {
      this.skipLiteralString();
      return { kind: 'other' };
    }
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      for (;;) {
        this.skipSpace();
        if (this.pos >= b.length) break;
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          break;
        }
        if (b[this.pos] !== 0x2f) {
          // Not a key: skip it as pdf.js would skip a bad token.
          const before = this.pos;
          this.value(depth + 1);
          if (this.pos === before) this.pos += 1;
          continue;
        }
        const key = this.name();
        entries.set(key, this.value(depth + 1));
      }
      return { kind: 'dict', entries };
    }
    if (c === 0x3c) {
      while (this.pos < b.length && b[this.pos] !== 0x3e) this.pos += 1;
      this.pos += 1;
      return { kind: 'other' };
    }
    if (c === 0x5b) {
      this.pos += 1;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= b.length) break;
        if (b[this.pos] === 0x5d) {
          this.pos += 1;
          break;
        }
        const before = this.pos;
        items.push(this.value(depth + 1));
        if (this.pos === before) this.pos += 1;
      }
      return { kind: 'array', items };
    }
    if (DELIM.has(c)) {
      this.pos += 1;
      return { kind: 'other' };
    }
    const word = this.regular();
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // "12 0 R" is a reference: look ahead without consuming when it is not.
      const save = this.pos;
      if (/^\d+$/.test(word)) {
        this.skipSpace();
        const gen = this.regular();
        this.skipSpace();
        if (/^\d+$/.test(gen) && this.bytes[this.pos] === 0x52) {
          this.pos += 1;
          const after = this.bytes[this.pos];
          if (after === undefined || WHITE.has(after) || DELIM.has(after))
            return { kind: 'ref', num: Number(word), gen: Number(gen) };
        }
        this.pos = save;
      }
      return { kind: 'number', value: Number(word) };
    }
    return { kind: 'other' };
  }
}
