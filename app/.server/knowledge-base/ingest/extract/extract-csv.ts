import type { DocumentBlock } from '../blocks';
import { cleanInline } from './decode-text';
import { TooLargeError } from './extraction-errors';
import { parseCsv } from './parse-csv';

const QUESTION = /^(q|question|вопрос|вопросы)$/i;
const ANSWER = /^(a|answer|ответ|ответы)$/i;

/**
 * The first row is taken as the header (business CSVs nearly always have one). A two-column question/answer
 * file becomes Q/A pairs, so a FAQ exported from a spreadsheet imports as Q&A entries.
 */
export function extractCsv(text: string, maxRows: number): DocumentBlock[] {
  const rows = parseCsv(text).map((r) => r.map((f) => cleanInline(f)));
  if (rows.length - 1 > maxRows) throw new TooLargeError(maxRows, rows.length - 1, 'rows');
  const [header = [], ...body] = rows;
  const qi = header.findIndex((h) => QUESTION.test(h));
  const ai = header.findIndex((h) => ANSWER.test(h));
  if (qi >= 0 && ai >= 0) {
    return body
      .map((r) => ({ question: r[qi] ?? '', answer: r[ai] ?? '' }))
      .filter((p) => p.question && p.answer)
      .map((p) => ({ kind: 'qa', ...p }));
  }
  if (body.length === 0) return header.length ? [{ kind: 'paragraph', text: header.join(' ') }] : [];
  return [{ kind: 'table', header, rows: body }];
}
