import type { DocumentBlock } from '../blocks';
import type { ChunkLanguage, TextSearchConfig } from './language';

/** One retrievable piece of a source, ready to be stored, indexed and embedded. */
export interface Chunk {
  /** Position within the source after deduplication, from 0. */
  index: number;
  /**
   * sha256 (hex) of the normalised heading path and text. Identical content gives the identical hash on
   * every run, so re-indexing keeps unchanged chunks (and their embeddings) and replaces only the rest.
   */
  hash: string;
  /** The chunk's own text, for display and snippets. */
  text: string;
  /** Headings above this text, outermost first (the document title first when it adds context). */
  headingPath: string[];
  /** What to index and embed: heading path on the first line, then the text. */
  searchText: string;
  language: ChunkLanguage;
  /** The PostgreSQL text-search configuration for `searchText`. */
  textSearchConfig: TextSearchConfig;
  charCount: number;
  tokenEstimate: number;
  /** The page this came from, when the source is a crawled site (cited instead of the start URL). */
  pageUrl?: string;
  /** Which block kinds went in, e.g. to show a table icon in the chunk preview. */
  blockKinds: Array<DocumentBlock['kind']>;
}
