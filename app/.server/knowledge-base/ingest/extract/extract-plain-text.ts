import type { DocumentBlock } from '../blocks';
import { cleanInline } from './decode-text';

const BULLET = /^\s*(?:[-*•‣◦–—]|\d{1,3}[.)])\s+/;
const ORDERED = /^\s*\d{1,3}[.)]\s+/;

/**
 * Plain text has no markup, so structure is guessed conservatively: blank lines separate paragraphs, bullet
 * or numbered lines are list items, and a short line ending without punctuation followed by a paragraph is
 * treated as a heading (how people write headings in .txt files). Hard-wrapped lines are joined.
 */
export function extractPlainText(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/);
  for (const para of paragraphs) {
    const lines = para
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    let buffer: string[] = [];
    const flush = () => {
      const joined = cleanInline(buffer.join(' '));
      if (joined) blocks.push({ kind: 'paragraph', text: joined });
      buffer = [];
    };
    lines.forEach((line, i) => {
      if (BULLET.test(line)) {
        flush();
        const depth = Math.min(3, Math.floor((line.match(/^\s*/)?.[0].length ?? 0) / 2));
        blocks.push({
          kind: 'list_item',
          text: cleanInline(line.replace(BULLET, '')),
          depth,
          ordered: ORDERED.test(line),
        });
      } else if (i === 0 && lines.length > 1 && looksLikeHeading(line)) {
        blocks.push({ kind: 'heading', level: 2, text: cleanInline(line.replace(/:$/, '')) });
      } else if (i === 0 && lines.length === 1 && looksLikeHeading(line) && line === line.toUpperCase()) {
        blocks.push({ kind: 'heading', level: 2, text: cleanInline(line) });
      } else {
        buffer.push(line.trim());
      }
    });
    flush();
  }
  return promoteStandaloneHeadings(blocks);
}

function looksLikeHeading(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= 80 && !/[.!?;,]$/.test(t) && /\p{L}/u.test(t);
}

/** A one-line paragraph with no final punctuation followed by a longer paragraph reads as a heading. */
function promoteStandaloneHeadings(blocks: DocumentBlock[]): DocumentBlock[] {
  return blocks.map((block, i) => {
    const next = blocks[i + 1];
    if (
      block.kind === 'paragraph' &&
      block.text.length <= 60 &&
      looksLikeHeading(block.text) &&
      next !== undefined &&
      next.kind !== 'heading' &&
      (next.kind !== 'paragraph' || next.text.length > block.text.length * 2)
    )
      return { kind: 'heading', level: 2, text: block.text.replace(/:$/, '') };
    return block;
  });
}
