import { Isolate, type IsolatedErrorShape, type IsolateLimits } from '../../sandbox/isolate.ts';
import { threadEntry } from '../../sandbox/thread-entry.ts';
import type { ExtractedDocument } from './blocks.ts';
import { extractDocument, type ExtractInput } from './extract/extract-document.ts';
import { ExtractionError, type ExtractionErrorCode } from './extract/extraction-errors.ts';
import { readPage, type PageInput, type ReadPage } from './extract/read-page.ts';

/** What indexing uses to read untrusted bytes: uploaded files and crawled pages. */
export interface DocumentReader {
  extractDocument(input: ExtractInput): Promise<ExtractedDocument>;
  readPage(input: PageInput): Promise<ReadPage>;
  close(): Promise<void>;
}

/** In this thread, with no limits but the extractors' own (tests of extraction, scripts). */
export const inProcessReader: DocumentReader = {
  extractDocument: (input) => extractDocument(input),
  readPage: (input) => readPage(input),
  close: async () => {},
};

const EXTRACTION_CODES: readonly ExtractionErrorCode[] = [
  'unsupported_type',
  'too_large',
  'unreadable',
  'expansion_limit',
  'encrypted',
];

/** An extraction refusal that happened inside the isolate, with its code and message intact. */
class IsolatedExtractionError extends ExtractionError {
  constructor(
    readonly code: ExtractionErrorCode,
    message: string,
    name: string,
  ) {
    super(message);
    this.name = name;
  }
}

const revive = (e: IsolatedErrorShape): Error =>
  e.code && (EXTRACTION_CODES as readonly string[]).includes(e.code)
    ? new IsolatedExtractionError(e.code as ExtractionErrorCode, e.message, e.name)
    : Object.assign(new Error(e.message), { name: e.name });

const workerEntry = threadEntry(import.meta.url, 'isolated-reader.worker', '.ts');

/**
 * Extraction in a worker thread with a heap limit and a time limit per document or page: a file that
 * expands past what the extractors' own checks catch fails alone with IsolateLimitError (code
 * `resource_limit`), instead of taking the workers process (and every job in it) down. One thread per
 * indexing job; close() ends it.
 */
export function isolatedReader(limits: IsolateLimits): DocumentReader {
  const isolate = new Isolate(workerEntry, limits, revive);
  return {
    extractDocument: (input) => isolate.run<ExtractedDocument>('extract-document', input),
    readPage: (input) => isolate.run<ReadPage>('read-page', input),
    close: () => isolate.close(),
  };
}
