import { crc32, inflateRawSync } from 'node:zlib';
import { ExpansionLimitError, UnreadableError } from '../extraction-errors';
import { entryData, readZipDirectory } from './zip-directory';

export interface UnzipLimits {
  /** All expanded entries together. */
  maxExpandedBytes: number;
  /** Expanded : compressed, for entries larger than `ratioFloorBytes` (tiny parts may squeeze a lot). */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

/**
 * Expands the entries of a zip that `wanted` names, within limits checked twice: first on the sizes the
 * central directory declares (so a bomb is refused before a byte is inflated), then on the real output,
 * which may never pass the declared size (zlib's maxOutputLength stops it mid-way). Entries not wanted are
 * never expanded; they come back empty, so a reader that only lists them still finds them.
 */
export function unzipWithinLimits(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  limits: UnzipLimits,
): Map<string, Uint8Array> {
  const entries = readZipDirectory(bytes);
  if (entries.length > limits.maxEntries)
    throw new UnreadableError(`The archive holds ${entries.length} files (limit ${limits.maxEntries})`);
  let declared = 0;
  for (const entry of entries) {
    if (!wanted(entry.name)) continue;
    declared += entry.size;
    if (declared > limits.maxExpandedBytes)
      throw new ExpansionLimitError('size', limits.maxExpandedBytes, declared);
    const ratio = entry.size / Math.max(1, entry.compressedSize);
    if (entry.size > limits.ratioFloorBytes && ratio > limits.maxRatio)
      throw new ExpansionLimitError('ratio', limits.maxRatio, ratio, entry.name);
  }
  const out = new Map<string, Uint8Array>();
  for (const entry of entries) {
    out.set(entry.name, wanted(entry.name) ? expand(bytes, entry) : new Uint8Array(0));
  }
  return out;
}

function expand(bytes: Uint8Array, entry: ReturnType<typeof readZipDirectory>[number]): Uint8Array {
  const data = entryData(bytes, entry);
  let output: Uint8Array;
  if (entry.method === 0) {
    output = data;
  } else if (entry.method === 8) {
    try {
      output = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new ExpansionLimitError(
          'size',
          entry.size,
          entry.size + 1,
          `${entry.name} (past its declared size)`,
        );
      throw new UnreadableError(`${entry.name} could not be expanded`, { cause: error });
    }
  } else {
    throw new UnreadableError(`${entry.name} uses an unsupported compression method (${entry.method})`);
  }
  if (output.length > entry.size)
    throw new ExpansionLimitError(
      'size',
      entry.size,
      output.length,
      `${entry.name} (past its declared size)`,
    );
  if (output.length !== entry.size || crc32(output) !== entry.crc32)
    throw new UnreadableError(`${entry.name} is damaged (size or checksum does not match)`);
  return output;
}
