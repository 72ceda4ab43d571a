import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { recordingsRoot } from '../env/env-values.ts';

export type ByteRange = { start: number; end: number };

/**
 * A `Range: bytes=…` header against a file of `size` bytes: the one range it asks for, null when there is
 * none (the whole file), or 'unsatisfiable' (answered 416). Several ranges are served as the first only.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match;
  if (from === '' && to === '') return 'unsatisfiable';
  if (from === '') {
    const suffix = Math.min(Number(to), size);
    return suffix === 0 ? 'unsatisfiable' : { start: size - suffix, end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * The recording's file, when it is where recordings are kept (RECORDINGS_DIR when set) and still exists.
 * Paths come from the media server's events; the check keeps a bad row from serving another file.
 */
export async function recordingFile(path: string): Promise<{ path: string; size: number } | null> {
  if (!isAbsolute(path) || !path.endsWith('.wav')) return null;
  const root = recordingsRoot();
  const full = resolve(path);
  if (root && !full.startsWith(resolve(root) + sep)) return null;
  try {
    const info = await stat(full);
    return info.isFile() ? { path: full, size: info.size } : null;
  } catch {
    return null;
  }
}

export function fileStream(path: string, range: ByteRange | null): ReadableStream<Uint8Array> {
  const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}
