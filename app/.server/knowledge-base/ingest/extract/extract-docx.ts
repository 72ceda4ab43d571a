import mammoth from 'mammoth';
import type { DocumentBlock } from '../blocks';
import { UnreadableError } from './extraction-errors';
import { extractHtml } from './extract-html';
import { unzipWithinLimits, type UnzipLimits } from './zip/unzip-within-limits';
import { writeStoredZip } from './zip/write-stored-zip';

/** The parts the DOCX reader reads (document, styles, numbering, notes, relationships): all XML. */
const READ_PARTS = /\.(xml|rels)$/i;

// Word's built-in title style and Russian-localised heading names map like the English defaults.
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='Заголовок ${n}'] => h${n}:fresh`),
];

/**
 * DOCX through mammoth, which maps Word's semantic styles (headings, lists, tables) to HTML; our HTML
 * extractor turns that into blocks, so both formats share one structure path. Images are dropped rather than
 * inlined as data URIs, and linked external files are never read.
 *
 * mammoth would expand the zip itself, with no limit: we expand its XML parts first, within the expansion
 * limits, and hand it a stored copy of just those (images and other binaries come back empty, unread).
 */
export async function extractDocx(
  bytes: Uint8Array,
  limits: UnzipLimits,
): Promise<{ blocks: DocumentBlock[]; warnings: string[] }> {
  const checked = writeStoredZip(unzipWithinLimits(bytes, (name) => READ_PARTS.test(name), limits));
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
  } catch (error) {
    throw new UnreadableError(`DOCX could not be read: ${(error as Error).message}`, { cause: error });
  }
  const warnings = result.messages.map((m) => m.message).slice(0, 20);
  return { blocks: extractHtml(`<body>${result.value}</body>`).blocks, warnings };
}
