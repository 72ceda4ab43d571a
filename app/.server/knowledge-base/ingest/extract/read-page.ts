import type { DocumentBlock } from '../blocks.ts';
import { decodeText } from './decode-text.ts';
import { extractDocument } from './extract-document.ts';
import { extractHtml } from './extract-html.ts';

export interface PageInput {
  bytes: Uint8Array;
  contentType: string;
  /** The page's final address (links are made absolute against it). */
  url: string;
}

export interface ReadPage {
  title?: string;
  blocks: DocumentBlock[];
  /** Links to follow (none when the page says nofollow or is not HTML). */
  links: string[];
  noindex: boolean;
}

/**
 * One fetched page to text and links: HTML is read for its links and robots meta first, then (unless
 * noindex) extracted like an uploaded file. Throws ExtractionError like extractDocument.
 */
export async function readPage(input: PageInput): Promise<ReadPage> {
  const filename = new URL(input.url).pathname;
  if (input.contentType === 'text/html' || input.contentType === 'application/xhtml+xml') {
    const html = extractHtml(decodeText(input.bytes), input.url);
    const links = html.nofollow ? [] : html.links;
    if (html.noindex) return { blocks: [], links, noindex: true };
    const doc = await extractDocument({ bytes: input.bytes, contentType: input.contentType, filename });
    return { ...(doc.title ? { title: doc.title } : {}), blocks: doc.blocks, links, noindex: false };
  }
  const doc = await extractDocument({ bytes: input.bytes, contentType: input.contentType, filename });
  return { ...(doc.title ? { title: doc.title } : {}), blocks: doc.blocks, links: [], noindex: false };
}
