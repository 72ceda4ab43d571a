import { UnreadableError } from '../extraction-errors';

/** One file of a zip as its central directory declares it: nothing here has been expanded yet. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  /** The size the archive declares once expanded; it may lie, so expanding checks it again. */
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16 = 0xffff;
const U32 = 0xffffffff;

const broken = (why: string) => new UnreadableError(`The zip archive is damaged: ${why}`);

/**
 * Reads a zip's central directory (PKWARE APPNOTE 4.3.12–4.3.16) without expanding anything, so declared
 * sizes and ratios can be checked first. Zip64, split and encrypted archives are refused: no DOCX needs them.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes, unless a comment (up to 64 KiB) follows it.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - U16); i -= 1) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw broken('no end of central directory');
  const disk = view.getUint16(end + 4, true);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === U16 || directoryOffset === U32 || directorySize === U32)
    throw new UnreadableError('Zip64 archives are not supported');
  if (disk !== 0 || view.getUint16(end + 8, true) !== count)
    throw new UnreadableError('Split zip archives are not supported');
  if (directoryOffset + directorySize > end) throw broken('central directory out of bounds');

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw broken('bad central directory entry');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: ZipEntry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.compressedSize === U32 || entry.size === U32 || entry.localHeaderOffset === U32)
      throw new UnreadableError('Zip64 archives are not supported');
    if (entry.flags & 0x1) throw new UnreadableError('Encrypted zip archives are not supported');
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL)
    throw broken(`no local header for ${entry.name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) throw broken(`${entry.name} runs past the end`);
  return bytes.subarray(start, start + entry.compressedSize);
}
