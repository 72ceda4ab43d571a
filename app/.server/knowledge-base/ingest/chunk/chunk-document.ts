import { z } from 'zod';
import type { DocumentBlock } from '../blocks';
import type { Chunk } from './chunk';
import { contentHash } from './content-hash';
import { estimateTokens } from './estimate-tokens';
import { detectChunkLanguage, textSearchConfigFor } from './language';
import { splitOversized } from './split-oversized';

export const chunkOptionsSchema = z
  .object({
    /** What sizes are measured in; characters are tokenizer-independent, tokens are estimated. */
    unit: z.enum(['chars', 'tokens']).default('chars'),
    /** A chunk is closed once the next unit would take it past this size. */
    targetSize: z.number().int().positive().default(900),
    /** A single unit above this is split by sentences. */
    maxSize: z.number().int().positive().default(1500),
    /** Prose carried from the end of one chunk into the next within a section. */
    overlap: z.number().int().nonnegative().default(150),
  })
  .refine((o) => o.maxSize >= o.targetSize && o.overlap < o.targetSize, {
    message: 'need overlap < targetSize <= maxSize',
  });
export type ChunkOptions = z.input<typeof chunkOptionsSchema>;

interface Unit {
  text: string;
  kind: DocumentBlock['kind'];
  /** Prose can overlap into the next chunk; a table row or a Q/A pair stands on its own. */
  prose: boolean;
}

/**
 * Splits a document's blocks into chunks that follow its structure: a heading closes the chunk before it
 * and travels with every chunk under it; paragraphs, list items, table rows and Q/A pairs are kept whole
 * and packed up to the target size; only a unit larger than the maximum is cut, at sentence boundaries.
 * Exact duplicates inside the document are not removed here (see dedupeChunks).
 */
export function chunkDocument(
  document: { blocks: DocumentBlock[]; title?: string },
  options: ChunkOptions = {},
): Chunk[] {
  const o = chunkOptionsSchema.parse(options);
  const measure = o.unit === 'chars' ? (t: string) => t.length : estimateTokens;
  const chunks: Chunk[] = [];
  const headings: Array<{ level: number; text: string }> = [];
  let current: Unit[] = [];
  let size = 0;

  const headingPath = () => {
    const path = headings.map((h) => h.text);
    const title = document.title?.trim();
    if (title && !path.some((p) => p.toLowerCase() === title.toLowerCase())) path.unshift(title);
    return path;
  };
  const emit = (units: Unit[]) => {
    const text = units.map((u) => u.text).join('\n');
    if (!text.trim()) return;
    chunks.push(makeChunk(chunks.length, text, headingPath(), [...new Set(units.map((u) => u.kind))]));
  };
  const flush = () => {
    emit(current);
    current = [];
    size = 0;
  };
  const add = (unit: Unit) => {
    const unitSize = measure(unit.text);
    if (unitSize > o.maxSize) {
      flush();
      for (const piece of splitOversized(unit.text, o.targetSize, o.overlap, measure))
        emit([{ ...unit, text: piece }]);
      return;
    }
    if (current.length > 0 && size + unitSize + 1 > o.targetSize) {
      const carried = overlapTail(current, o.overlap, measure);
      flush();
      current = carried;
      size = carried.reduce((n, u) => n + measure(u.text) + 1, 0);
    }
    current.push(unit);
    size += unitSize + 1;
  };

  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      flush();
      while (headings.length > 0 && (headings.at(-1)?.level ?? 0) >= block.level) headings.pop();
      headings.push({ level: block.level, text: block.text });
      continue;
    }
    for (const unit of unitsOf(block)) add(unit);
  }
  flush();
  return chunks;
}

function unitsOf(block: Exclude<DocumentBlock, { kind: 'heading' }>): Unit[] {
  switch (block.kind) {
    case 'paragraph':
      return [{ text: block.text, kind: 'paragraph', prose: true }];
    case 'list_item':
      return [{ text: `${'  '.repeat(block.depth)}• ${block.text}`, kind: 'list_item', prose: true }];
    case 'qa': {
      const ru = detectChunkLanguage(block.question) === 'ru';
      return [
        {
          text: `${ru ? 'Вопрос' : 'Q'}: ${block.question}\n${ru ? 'Ответ' : 'A'}: ${block.answer}`,
          kind: 'qa',
          prose: false,
        },
      ];
    }
    case 'table': {
      // Each row carries its column names, so a row read alone (or retrieved alone) still makes sense.
      const rows = block.rows.map((row) => ({
        text: block.header.length
          ? row
              .map((cell, i) => (cell ? `${block.header[i] || `#${i + 1}`}: ${cell}` : ''))
              .filter(Boolean)
              .join('; ')
          : row.filter(Boolean).join(' | '),
        kind: 'table' as const,
        prose: false,
      }));
      const caption = block.caption ? [{ text: block.caption, kind: 'table' as const, prose: true }] : [];
      return [...caption, ...rows].filter((u) => u.text !== '');
    }
  }
}

/** Trailing prose units that fit in the overlap budget, to repeat at the start of the next chunk. */
function overlapTail(units: Unit[], budget: number, measure: (t: string) => number): Unit[] {
  const tail: Unit[] = [];
  let used = 0;
  for (let i = units.length - 1; i >= 0; i -= 1) {
    const unit = units[i] as Unit;
    const s = measure(unit.text);
    if (!unit.prose || used + s > budget) break;
    tail.unshift(unit);
    used += s;
  }
  // Never carry the whole chunk: that would repeat it forever.
  return tail.length === units.length ? tail.slice(1) : tail;
}

function makeChunk(
  index: number,
  text: string,
  headingPath: string[],
  blockKinds: Array<DocumentBlock['kind']>,
): Chunk {
  const searchText = headingPath.length ? `${headingPath.join(' › ')}\n${text}` : text;
  const language = detectChunkLanguage(text);
  return {
    index,
    hash: contentHash(searchText),
    text,
    headingPath,
    searchText,
    language,
    textSearchConfig: textSearchConfigFor(language),
    charCount: text.length,
    tokenEstimate: estimateTokens(searchText),
    blockKinds,
  };
}
