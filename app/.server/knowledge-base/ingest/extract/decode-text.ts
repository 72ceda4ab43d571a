import { UnreadableError } from './extraction-errors';

/**
 * Bytes to a string for the text formats. Honours a BOM, else insists on valid UTF-8, else falls back to
 * Windows-1251: Russian TXT and CSV files exported by Excel or 1C on Windows still arrive in it.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode('utf-8', bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decode('windows-1251', bytes);
  }
}

function decode(encoding: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnreadableError(`Text is not valid ${encoding}`, { cause: error });
  }
}

/** Collapses runs of spaces and tabs (not newlines) and trims. */
export function cleanInline(text: string): string {
  return text
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\t ]+/g, ' ')
    .replace(/\u00ad/g, '')
    .trim();
}
