/**
 * What extraction produces and chunking consumes: a document as a flat list of structural blocks. Flat (not a
 * tree) so every extractor can emit blocks in reading order and the chunker keeps its own heading stack.
 */
export type DocumentBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list_item'; text: string; depth: number; ordered: boolean }
  | { kind: 'table'; header: string[]; rows: string[][]; caption?: string }
  | { kind: 'qa'; question: string; answer: string };

export type DocumentType = 'pdf' | 'docx' | 'txt' | 'markdown' | 'html' | 'csv';

export interface ExtractedDocument {
  type: DocumentType;
  /** From the document itself (HTML <title>, first heading, PDF metadata) when it has one. */
  title?: string;
  blocks: DocumentBlock[];
  /** Non-fatal problems worth showing next to the source (e.g. mammoth's unknown styles). */
  warnings: string[];
}
