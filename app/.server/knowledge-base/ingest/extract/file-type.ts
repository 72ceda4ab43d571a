import type { DocumentType } from '../blocks';
import { UnsupportedTypeError } from './extraction-errors';

const BY_EXTENSION: Record<string, DocumentType> = {
  pdf: 'pdf',
  docx: 'docx',
  txt: 'txt',
  text: 'txt',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  csv: 'csv',
};

const BY_MIME: Record<string, DocumentType> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/plain': 'txt',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/csv': 'csv',
  'application/csv': 'csv',
};

export interface FileTypeHint {
  filename?: string;
  /** A Content-Type header or the browser's upload type; parameters are ignored. */
  contentType?: string;
}

function mimeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

export function isSupportedMime(contentType: string | undefined): boolean {
  const mime = mimeOf(contentType);
  return mime !== undefined && mime in BY_MIME;
}

/**
 * Decides the type from magic bytes first (a renamed file is still what its bytes say), then the extension,
 * then the declared MIME type. Binary formats we cannot read (old .doc, images, other zips) are refused here
 * rather than decoded as garbage text.
 */
export function detectDocumentType(bytes: Uint8Array, hint: FileTypeHint = {}): DocumentType {
  const ext = hint.filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const byExt = ext ? BY_EXTENSION[ext] : undefined;
  const mime = mimeOf(hint.contentType);
  const byMime = mime ? BY_MIME[mime] : undefined;

  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A zip: only DOCX is ours (XLSX, PPTX, ODT are zips too).
    if (byExt === 'docx' || byMime === 'docx' || zipHasEntry(bytes, 'word/document.xml')) return 'docx';
    throw new UnsupportedTypeError(ext ? `.${ext} (zip archive)` : 'zip archive');
  }
  if (looksBinary(bytes)) throw new UnsupportedTypeError(ext ? `.${ext}` : (mime ?? 'binary data'));
  const textual = byExt ?? byMime;
  if (textual && textual !== 'pdf' && textual !== 'docx') return textual;
  if (byExt === undefined && ext !== undefined) throw new UnsupportedTypeError(`.${ext}`);
  if (mime && !byMime && !mime.startsWith('text/')) throw new UnsupportedTypeError(mime);
  return sniffText(bytes);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** NUL bytes do not occur in text in any encoding we accept (UTF-8, UTF-16 has a BOM and is handled). */
function looksBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false;
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i += 1) if (bytes[i] === 0) return true;
  return false;
}

function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  // Local file headers carry the name in clear; scanning for it avoids unzipping just to detect the type.
  const needle = new TextEncoder().encode(name);
  const limit = Math.min(bytes.length - needle.length, 4 * 1024 * 1024);
  outer: for (let i = 0; i < limit; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function sniffText(bytes: Uint8Array): DocumentType {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 2048))
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(body|head|p|div)[\s>]/.test(head))
    return 'html';
  return 'txt';
}
