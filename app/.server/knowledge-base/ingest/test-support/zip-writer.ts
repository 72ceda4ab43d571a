import { crc32, deflateRawSync } from 'node:zlib';
import { layOutZip } from '../extract/zip/write-stored-zip.ts';

export interface ZipFixtureEntry {
  name: string;
  data: string | Uint8Array;
  /** Deflate the entry (method 8) instead of storing it: how a decompression bomb is built. */
  deflate?: boolean;
  /** Write this uncompressed size in the headers instead of the true one (a lying archive). */
  declaredSize?: number;
}

/**
 * ZIP fixtures built inside tests instead of shipping binary files, with the product's own layout; entries
 * may be deflated, and may lie about their size, as a decompression bomb would.
 */
export function writeZip(entries: ZipFixtureEntry[]): Uint8Array {
  return layOutZip(
    entries.map((entry) => {
      const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
      return {
        name: entry.name,
        method: entry.deflate ? 8 : 0,
        stored: entry.deflate ? deflateRawSync(raw, { level: 9 }) : raw,
        crc: crc32(raw),
        size: entry.declaredSize ?? raw.length,
      };
    }),
  );
}
