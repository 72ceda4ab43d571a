import { constants, createInflateRaw } from 'node:zlib';

/**
 * The PDF decoding filters that expand data, re-implemented to *measure* what pdf.js would produce, under a
 * byte budget: each decoder runs from the stream's first byte to its own end marker (or the end of the file),
 * never trusting /Length, so what it counts is at least what pdf.js could decode. Filters that only decode
 * images (DCT, JPX, CCITT, JBIG2) are not run: pdf.js does not decode images to read text.
 */
export class BudgetExceeded extends Error {
  constructor(readonly produced: number) {
    super('budget exceeded');
  }
}

/** Output of one stage: the bytes when a later stage needs them, else only their count. */
export interface Decoded {
  length: number;
  bytes?: Uint8Array;
}

type Decoder = (input: Uint8Array, budget: number, keep: boolean) => Promise<Decoded> | Decoded;

class Sink {
  length = 0;
  private chunks: Uint8Array[] = [];
  constructor(
    private readonly budget: number,
    private readonly keep: boolean,
  ) {}
  push(chunk: Uint8Array): void {
    this.length += chunk.length;
    if (this.length > this.budget) throw new BudgetExceeded(this.length);
    if (this.keep) this.chunks.push(chunk);
  }
  byte(value: number, times = 1): void {
    this.push(new Uint8Array(times).fill(value));
  }
  done(): Decoded {
    return this.keep
      ? { length: this.length, bytes: concat(this.chunks, this.length) }
      : { length: this.length };
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const isWhite = (c: number) =>
  c === 0x00 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;

/** FlateDecode as pdf.js reads it: a zlib header pdf.js accepts, then raw deflate; no checksum. */
const flate: Decoder = (input, budget, keep) => {
  const cmf = input[0] ?? 0;
  const flg = input[1] ?? 0;
  if ((cmf & 0x0f) !== 8 || ((cmf << 8) + flg) % 31 !== 0 || flg & 0x20) return { length: 0 };
  return new Promise((resolve, reject) => {
    const sink = new Sink(budget, keep);
    const inflate = createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH });
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      // A damaged stream still yields what came before the damage, as pdf.js's does.
      if (error instanceof BudgetExceeded) reject(error);
      else resolve(sink.done());
    };
    inflate.on('data', (chunk: Buffer) => {
      try {
        sink.push(chunk);
      } catch (error) {
        finish(error);
      }
    });
    inflate.on('error', () => finish());
    inflate.on('end', () => finish());
    inflate.end(input.subarray(2));
  });
};

const asciiHex: Decoder = (input, budget, keep) => {
  const sink = new Sink(budget, keep);
  const out: number[] = [];
  let high = -1;
  for (const c of input) {
    if (c === 0x3e) break;
    const v =
      c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out.push((high << 4) | v);
      high = -1;
      if (out.length >= 65536) sink.push(Uint8Array.from(out.splice(0)));
    }
  }
  if (high >= 0) out.push(high << 4);
  sink.push(Uint8Array.from(out));
  return sink.done();
};

const ascii85: Decoder = (input, budget, keep) => {
  const sink = new Sink(budget, keep);
  const out: number[] = [];
  const group: number[] = [];
  const flush = (n: number) => {
    let v = 0;
    for (let i = 0; i < 5; i += 1) v = v * 85 + ((group[i] ?? 84) - 0x21);
    for (let i = 0; i < n; i += 1) out.push((v >>> (24 - 8 * i)) & 0xff);
    group.length = 0;
  };
  for (const c of input) {
    if (c === 0x7e) break;
    if (isWhite(c)) continue;
    if (c === 0x7a && group.length === 0) out.push(0, 0, 0, 0);
    else {
      group.push(c);
      if (group.length === 5) flush(4);
    }
    if (out.length >= 65536) sink.push(Uint8Array.from(out.splice(0)));
  }
  if (group.length > 1) flush(group.length - 1);
  sink.push(Uint8Array.from(out));
  return sink.done();
};

const runLength: Decoder = (input, budget, keep) => {
  const sink = new Sink(budget, keep);
  let i = 0;
  while (i < input.length) {
    const n = input[i]!;
    if (n === 128) break;
    if (n < 128) {
      sink.push(input.subarray(i + 1, i + 2 + n));
      i += n + 2;
    } else {
      sink.byte(input[i + 1] ?? 0, 257 - n);
      i += 2;
    }
  }
  return sink.done();
};

/** LZWDecode (9–12 bit codes); `earlyChange` as the stream's DecodeParms say (default 1). */
function lzw(earlyChange: number): Decoder {
  return (input, budget, keep) => {
    const sink = new Sink(budget, keep);
    let table: Uint8Array[] = [];
    const reset = () => {
      table = Array.from({ length: 258 }, (_, i) => Uint8Array.of(i));
    };
    reset();
    let width = 9;
    let bits = 0;
    let acc = 0;
    let prev: Uint8Array | null = null;
    for (let i = 0; i < input.length || bits >= width;) {
      while (bits < width && i < input.length) {
        acc = ((acc << 8) | input[i]!) >>> 0;
        bits += 8;
        i += 1;
      }
      if (bits < width) break;
      const code = (acc >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      if (code === 256) {
        reset();
        width = 9;
        prev = null;
        continue;
      }
      if (code === 257) break;
      let entry = table[code];
      if (!entry) {
        if (!prev || code !== table.length) break;
        entry = Uint8Array.of(...prev, prev[0]!);
      }
      sink.push(entry);
      if (prev && table.length < 4096) table.push(Uint8Array.of(...prev, entry[0]!));
      prev = entry;
      const next = table.length + earlyChange;
      width = next >= 2048 ? 12 : next >= 1024 ? 11 : next >= 512 ? 10 : 9;
    }
    return sink.done();
  };
}

/** Decoders by filter name (full and abbreviated, as pdf.js accepts both); null = not expanded for text. */
export function decoderFor(name: string, earlyChange = 1): Decoder | null {
  switch (name) {
    case 'FlateDecode':
    case 'Fl':
      return flate;
    case 'ASCIIHexDecode':
    case 'AHx':
      return asciiHex;
    case 'ASCII85Decode':
    case 'A85':
      return ascii85;
    case 'RunLengthDecode':
    case 'RL':
      return runLength;
    case 'LZWDecode':
    case 'LZW':
      return lzw(earlyChange);
    default:
      return null;
  }
}

/**
 * Runs a filter chain over a stream's data and answers how many bytes its last expanding stage yields.
 * Throws BudgetExceeded as soon as any stage passes `budget`.
 */
export async function measureChain(
  data: Uint8Array,
  filters: string[],
  budget: number,
  earlyChange = 1,
): Promise<number> {
  // The chain stops at the first filter pdf.js would not expand for text (an image codec).
  const decoders: Decoder[] = [];
  for (const f of filters) {
    const decoder = decoderFor(f, earlyChange);
    if (!decoder) break;
    decoders.push(decoder);
  }
  if (decoders.length === 0) return 0;
  let input = data;
  let length = 0;
  for (const [i, decode] of decoders.entries()) {
    const last = i === decoders.length - 1;
    const out = await decode(input, budget, !last);
    length = out.length;
    if (!last) input = out.bytes ?? new Uint8Array(0);
  }
  return length;
}
