import { z } from 'zod';
import { storableCopy, storableString } from '../../../api/storable-text';
import type { DocumentBlock, ExtractedDocument } from '../blocks';
import { decodeText } from './decode-text';
import { detectQaPairs } from './detect-qa';
import { extractCsv } from './extract-csv';
import { extractDocx } from './extract-docx';
import { extractHtml } from './extract-html';
import { extractMarkdown } from './extract-markdown';
import { extractPdf } from './extract-pdf';
import { extractPlainText } from './extract-plain-text';
import { TooLargeError, UnreadableError } from './extraction-errors';
import { detectDocumentType, type FileTypeHint } from './file-type';

export const extractionLimitsSchema = z.object({
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  maxPages: z.number().int().positive().default(500),
  /** Extracted text, after decoding: a zip bomb of a DOCX is small on disk and huge inside. */
  maxChars: z.number().int().positive().default(5_000_000),
  maxCsvRows: z.number().int().positive().default(100_000),
  /**
   * What compressed content may expand to in all (a DOCX's XML parts, a PDF's streams), checked before and
   * while expanding: a 41 KB DOCX used to unzip to 40 MB before any limit applied.
   */
  maxExpandedBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /** Expanded : compressed for one zip part over 1 MiB; Word's XML stays well under it, bombs are ~1000:1. */
  maxCompressionRatio: z.number().positive().default(100),
});
export type ExtractionLimits = z.input<typeof extractionLimitsSchema>;

export interface ExtractInput extends FileTypeHint {
  bytes: Uint8Array;
}

/**
 * One file to structured blocks. Throws UnsupportedTypeError, TooLargeError or UnreadableError (all
 * ExtractionError); anything else is a bug.
 */
export async function extractDocument(
  input: ExtractInput,
  limits: ExtractionLimits = {},
): Promise<ExtractedDocument> {
  const l = extractionLimitsSchema.parse(limits);
  if (input.bytes.byteLength > l.maxBytes) throw new TooLargeError(l.maxBytes, input.bytes.byteLength);
  if (input.bytes.byteLength === 0) throw new UnreadableError('File is empty');
  const type = detectDocumentType(input.bytes, input);

  let blocks: DocumentBlock[];
  let title: string | undefined;
  let warnings: string[] = [];
  switch (type) {
    case 'pdf': {
      const pdf = await extractPdf(input.bytes, l.maxPages, l.maxExpandedBytes);
      blocks = pdf.blocks;
      title = pdf.title;
      break;
    }
    case 'docx': {
      const docx = await extractDocx(input.bytes, {
        maxExpandedBytes: l.maxExpandedBytes,
        maxRatio: l.maxCompressionRatio,
        ratioFloorBytes: 1024 * 1024,
        maxEntries: 5000,
      });
      blocks = docx.blocks;
      warnings = docx.warnings;
      break;
    }
    case 'html': {
      const page = extractHtml(checkedText(input.bytes, l.maxChars));
      blocks = page.blocks;
      title = page.title;
      break;
    }
    case 'markdown':
      blocks = extractMarkdown(checkedText(input.bytes, l.maxChars));
      break;
    case 'csv':
      blocks = extractCsv(checkedText(input.bytes, l.maxChars), l.maxCsvRows);
      break;
    case 'txt':
      blocks = extractPlainText(checkedText(input.bytes, l.maxChars));
      break;
  }
  // A NUL past the sniffed head of a text file, or inside a PDF's text, cannot be stored: dropped here.
  blocks = storableCopy(detectQaPairs(blocks));
  if (title) title = storableString(title);
  const chars = blocks.reduce((n, b) => n + blockChars(b), 0);
  if (chars > l.maxChars) throw new TooLargeError(l.maxChars, chars, 'characters');
  if (chars === 0) throw new UnreadableError('No text found in the file');
  title ??= blocks.find((b) => b.kind === 'heading')?.text;
  return { type, ...(title ? { title } : {}), blocks, warnings };
}

function checkedText(bytes: Uint8Array, maxChars: number): string {
  const text = decodeText(bytes);
  if (text.length > maxChars) throw new TooLargeError(maxChars, text.length, 'characters');
  return text;
}

export function blockChars(block: DocumentBlock): number {
  switch (block.kind) {
    case 'table':
      return [block.header, ...block.rows].reduce((n, r) => n + r.join(' ').length, 0);
    case 'qa':
      return block.question.length + block.answer.length;
    default:
      return block.text.length;
  }
}
