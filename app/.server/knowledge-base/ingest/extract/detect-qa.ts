import type { DocumentBlock } from '../blocks';

const Q = String.raw`(?:q|question|вопрос|в)`;
const A = String.raw`(?:a|answer|ответ|о)`;
const INLINE = new RegExp(String.raw`^${Q}\s*[:.]\s*(.+?)\s*(?:\n|\s)${A}\s*[:.]\s*([\s\S]+)$`, 'iu');
const QUESTION_ONLY = new RegExp(String.raw`^${Q}\s*[:.]\s*(.+)$`, 'iu');
const ANSWER_ONLY = new RegExp(String.raw`^${A}\s*[:.]\s*([\s\S]+)$`, 'iu');

/**
 * FAQ text written as "Q: … A: …" / "Вопрос: … Ответ: …" becomes Q/A blocks, in one paragraph or two
 * adjacent ones, so a question is never chunked apart from its answer.
 */
export function detectQaPairs(blocks: DocumentBlock[]): DocumentBlock[] {
  const out: DocumentBlock[] = [];
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i] as DocumentBlock;
    if (block.kind === 'paragraph') {
      const inline = INLINE.exec(block.text);
      if (inline?.[1] && inline[2]) {
        out.push({ kind: 'qa', question: inline[1].trim(), answer: inline[2].trim() });
        continue;
      }
      const q = QUESTION_ONLY.exec(block.text);
      const next = blocks[i + 1];
      const a = next?.kind === 'paragraph' ? ANSWER_ONLY.exec(next.text) : null;
      if (q?.[1] && a?.[1]) {
        out.push({ kind: 'qa', question: q[1].trim(), answer: a[1].trim() });
        i += 1;
        continue;
      }
    }
    out.push(block);
  }
  return out;
}
