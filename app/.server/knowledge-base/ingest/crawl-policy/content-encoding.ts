import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { ExpansionLimitError, UnreadableError } from '../extract/extraction-errors';

/** What the crawler asks for: every coding it can undo under a cap. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Undoes a response's Content-Encoding (codings listed in the order they were applied) with the expanded
 * size capped while expanding (zlib's maxOutputLength): a small gzip that would become gigabytes stops at
 * `maxBytes` (issue 14, item 9).
 */
export function decodeContentEncoding(
  bytes: Uint8Array,
  header: string | null,
  maxBytes: number,
): Uint8Array {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let out = bytes;
  for (const coding of codings.reverse()) out = undo(coding, out, maxBytes);
  return out;
}

function undo(coding: string, input: Uint8Array, maxBytes: number): Uint8Array {
  const options = { maxOutputLength: Math.max(1, maxBytes) };
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(input, options);
      case 'deflate':
        // Meant to be zlib-wrapped; some servers send raw deflate, which browsers accept too.
        try {
          return inflateSync(input, options);
        } catch (error) {
          if (isTooLarge(error)) throw error;
          return inflateRawSync(input, options);
        }
      case 'br':
        return brotliDecompressSync(input, options);
      default:
        throw new UnreadableError(`Content-Encoding ${coding} is not supported`);
    }
  } catch (error) {
    if (isTooLarge(error)) throw new ExpansionLimitError('size', maxBytes, maxBytes + 1, 'the page');
    if (error instanceof UnreadableError) throw error;
    throw new UnreadableError(`The page's ${coding} encoding could not be undone`, { cause: error });
  }
}

function isTooLarge(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE';
}
