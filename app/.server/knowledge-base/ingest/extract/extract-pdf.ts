import { extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import type { DocumentBlock } from '../blocks';
import { cleanInline } from './decode-text';
import { EncryptedError, TooLargeError, UnreadableError } from './extraction-errors';
import { checkPdfExpansion } from './pdf/pdf-expansion';

interface Line {
  text: string;
  fontSize: number;
  y: number;
  page: number;
}

const BULLET = /^(?:[•●▪■◦‣–—-]|\d{1,3}[.)])\s+/;

/**
 * PDF has no structure, only positioned text. Lines are rebuilt from items on the same baseline, paragraphs
 * split at vertical gaps, and lines set in a clearly larger font than the body become headings (ranked by
 * size). Tables come out as lines of text: telling them apart reliably needs layout analysis we do not do.
 */
export async function extractPdf(
  bytes: Uint8Array,
  maxPages: number,
  maxExpandedBytes: number,
): Promise<{ blocks: DocumentBlock[]; title?: string }> {
  // pdf.js expands streams with no limit of its own: measured first.
  await checkPdfExpansion(bytes, maxExpandedBytes);
  // pdf.js takes ownership of (detaches) the buffer it is given.
  const data = new Uint8Array(bytes);
  let lines: Line[];
  let title: string | undefined;
  try {
    const doc = await getDocumentProxy(data, { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
    try {
      if (doc.numPages > maxPages) throw new TooLargeError(maxPages, doc.numPages, 'pages');
      const meta = await getMeta(doc).catch(() => undefined);
      const metaTitle: unknown = meta?.info?.Title;
      title = typeof metaTitle === 'string' && metaTitle.trim() ? metaTitle.trim() : undefined;
      const { items } = await extractTextItems(doc);
      lines = items.flatMap((pageItems, page) => toLines(pageItems, page));
    } finally {
      await doc.destroy();
    }
  } catch (error) {
    if (error instanceof TooLargeError) throw error;
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new EncryptedError('The PDF is password-protected');
    throw new UnreadableError(`PDF could not be read: ${(error as Error).message}`, { cause: error });
  }
  if (lines.every((l) => l.text === ''))
    throw new UnreadableError('PDF has no text layer (a scanned image?); OCR is not supported');
  return { blocks: toBlocks(lines), ...(title ? { title } : {}) };
}

function toLines(
  items: Array<{ str: string; y: number; fontSize: number; hasEOL: boolean }>,
  page: number,
): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    const sameLine = current && Math.abs(current.y - item.y) < Math.max(2, current.fontSize * 0.5);
    if (!current || !sameLine) {
      if (current) lines.push(current);
      current = { text: '', fontSize: item.fontSize, y: item.y, page };
    }
    current.text += item.str;
    if (item.str.trim()) current.fontSize = Math.max(current.fontSize, item.fontSize);
    if (item.hasEOL) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => ({ ...l, text: cleanInline(l.text) })).filter((l) => l.text !== '');
}

function toBlocks(lines: Line[]): DocumentBlock[] {
  const body = median(lines.flatMap((l) => Array<number>(Math.max(1, l.text.length)).fill(l.fontSize)));
  const headingSizes = [
    ...new Set(lines.filter((l) => isHeading(l, body)).map((l) => round(l.fontSize))),
  ].sort((a, b) => b - a);
  const blocks: DocumentBlock[] = [];
  let para: string[] = [];
  const flush = () => {
    const text = joinWrapped(para);
    if (text) blocks.push({ kind: 'paragraph', text });
    para = [];
  };
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (isHeading(line, body)) {
      flush();
      const level = Math.min(6, headingSizes.indexOf(round(line.fontSize)) + 1);
      const last = blocks.at(-1);
      // A heading wrapped over two lines arrives as two lines of the same size.
      if (last?.kind === 'heading' && last.level === level && prev && isHeading(prev, body))
        last.text = `${last.text} ${line.text}`;
      else blocks.push({ kind: 'heading', level, text: line.text });
      return;
    }
    if (BULLET.test(line.text)) {
      flush();
      blocks.push({
        kind: 'list_item',
        text: line.text.replace(BULLET, ''),
        depth: 0,
        ordered: /^\d/.test(line.text),
      });
      return;
    }
    const gap = prev && prev.page === line.page ? Math.abs(prev.y - line.y) : Infinity;
    if (gap > line.fontSize * 1.8 || (prev && isHeading(prev, body))) flush();
    const lastBlock = blocks.at(-1);
    // Continuation lines of a bullet (indented wrap) belong to that item.
    if (
      para.length === 0 &&
      lastBlock?.kind === 'list_item' &&
      prev &&
      !isHeading(prev, body) &&
      gap < line.fontSize * 1.8
    ) {
      lastBlock.text = joinWrapped([lastBlock.text, line.text]);
      return;
    }
    para.push(line.text);
  });
  flush();
  return blocks;
}

function isHeading(line: Line, bodySize: number): boolean {
  return line.fontSize >= bodySize * 1.2 && line.text.length <= 120;
}

/** Joins wrapped lines, undoing end-of-line hyphenation ("сло-" + "во"). */
function joinWrapped(lines: string[]): string {
  return lines
    .reduce((acc, line) => {
      if (acc === '') return line;
      if (/\p{L}-$/u.test(acc) && /^\p{Ll}/u.test(line)) return acc.slice(0, -1) + line;
      return `${acc} ${line}`;
    }, '')
    .trim();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 12;
}

function round(n: number): number {
  return Math.round(n * 2) / 2;
}
