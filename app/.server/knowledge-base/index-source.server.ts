import type { DocumentBlock } from './ingest/blocks.ts';
import type { Chunk } from './ingest/chunk/chunk.ts';
import { chunkDocument } from './ingest/chunk/chunk-document.ts';
import { dedupeChunks } from './ingest/chunk/dedupe-chunks.ts';
import { ExtractionError } from './ingest/extract/extraction-errors.ts';
import { isolatedReader, type DocumentReader } from './ingest/isolated-reader.ts';
import { IsolateLimitError } from '../sandbox/isolate.ts';
import { db } from '../db.ts';
import { replaceSourceChunks } from './chunk-store.server.ts';
import { crawlSite, CrawlStartError } from './crawl-site.server.ts';
import { knowledgeSettings } from './knowledge-settings.server.ts';
import { ProviderError } from '../providers/provider-error.ts';

/** A failure the same input would repeat: stored on the source, never retried. */
export class PermanentIndexError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentIndexError';
  }
}

export interface IndexProgress {
  done: number;
  total: number;
}

type SourceRow = NonNullable<Awaited<ReturnType<typeof loadSource>>>;
const loadSource = (id: string) => db().knowledgeSource.findUnique({ where: { id } });

async function setProgress(id: string, p: IndexProgress, onProgress?: (p: IndexProgress) => void) {
  onProgress?.(p);
  await db().knowledgeSource.update({
    where: { id },
    data: { progressDone: p.done, progressTotal: p.total },
  });
}

interface Prepared {
  chunks: Chunk[];
  /** Shown beside a ready source: what was left out and why (skipped pages of a crawl). */
  note: string | null;
}

async function chunksOf(source: SourceRow, opts: IndexOptions, reader: DocumentReader): Promise<Prepared> {
  let blocks: DocumentBlock[];
  let title: string | undefined;
  if (source.kind === 'qa') {
    blocks = [{ kind: 'qa', question: source.question ?? '', answer: source.answer ?? '' }];
  } else if (source.kind === 'file') {
    if (!source.fileContent) throw new PermanentIndexError('no_file', 'The uploaded file is missing.');
    const doc = await reader.extractDocument({
      bytes: new Uint8Array(source.fileContent),
      filename: source.fileName ?? undefined,
      contentType: source.mimeType ?? undefined,
    });
    blocks = doc.blocks;
    title = doc.title;
  } else if (source.kind === 'url' && source.url) {
    return chunksOfSite(source, source.url, opts, reader);
  } else {
    throw new PermanentIndexError('bad_source', `Unknown source kind ${source.kind}`);
  }
  return { chunks: dedupeChunks(chunkDocument({ blocks, title: title ?? source.name })).chunks, note: null };
}

/**
 * A URL source: its page (depth 0), or a crawl of its site. Each page is chunked under its own title, then
 * exact repeats across pages are dropped.
 */
async function chunksOfSite(
  source: SourceRow,
  url: string,
  opts: IndexOptions,
  reader: DocumentReader,
): Promise<Prepared> {
  let crawl;
  try {
    crawl = await crawlSite({
      startUrl: url,
      maxDepth: source.crawlDepth,
      maxPages: source.crawlDepth === 0 ? 1 : source.crawlMaxPages,
      ...(opts.allowHosts ? { allowHosts: opts.allowHosts } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      reader,
      onProgress: (p) => setProgress(source.id, p, opts.onProgress),
    });
  } catch (e) {
    if (e instanceof CrawlStartError && e.permanent) throw new PermanentIndexError(e.code, e.message);
    throw e;
  }
  if (crawl.pages.length === 0) {
    const why = crawl.skipped[0]?.reason ?? 'no readable text';
    throw new PermanentIndexError('nothing_indexed', `Nothing to index at ${url} (${why}).`);
  }
  await setProgress(source.id, { done: crawl.pages.length, total: crawl.pages.length }, opts.onProgress);
  const all = crawl.pages.flatMap((page) =>
    chunkDocument({ blocks: page.blocks, title: page.title ?? page.url }).map((c) => ({
      ...c,
      pageUrl: page.url,
    })),
  );
  return {
    chunks: dedupeChunks(all.map((c, index) => ({ ...c, index }))).chunks,
    note: skippedNote(crawl.pages.length, crawl.skipped),
  };
}

/** "Indexed 12 pages; skipped 3 (robots.txt: 2, HTTP 404: 1)." — or nothing when none was skipped. */
function skippedNote(pages: number, skipped: readonly { reason: string }[]): string | null {
  if (skipped.length === 0) return null;
  const counts = new Map<string, number>();
  for (const { reason } of skipped) {
    // Group by the kind of reason, not its details (each redirect names its own target).
    const kind = reason.startsWith('redirected off the site')
      ? 'redirected to another site'
      : reason.startsWith('blocked:')
        ? 'blocked address'
        : reason;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const why = [...counts].map(([k, n]) => `${k}: ${n}`).join(', ');
  return `Indexed ${pages} page${pages === 1 ? '' : 's'}; skipped ${skipped.length} (${why}).`;
}

/**
 * Indexes one source: extract, chunk, deduplicate, then swap its chunks atomically. The status and progress
 * on the source row are what the knowledge screen shows. Permanent failures are recorded and not thrown
 * (a retry would fail the same way); transient ones are thrown for the queue to retry.
 */
export interface IndexOptions {
  signal?: AbortSignal;
  onProgress?: (p: IndexProgress) => void;
  /** The queue's last attempt: a transient failure is then recorded instead of thrown. */
  finalAttempt?: boolean;
  /** Hosts allowed although private (a project's intranet wiki; tests' local servers). */
  allowHosts?: readonly string[];
  /** How untrusted bytes are read; by default a worker thread with the configured memory and time limits. */
  reader?: DocumentReader;
}

/**
 * Vectors for the chunks when an embeddings endpoint is configured. A failure worth retrying is thrown (the
 * queue retries); otherwise, or on the last attempt, the chunks are stored without vectors (text search
 * still finds them) and the source says why.
 */
async function embedChunks(
  chunks: readonly Chunk[],
  opts: IndexOptions,
): Promise<{ vectors?: number[][]; warning: string | null }> {
  const embedder = knowledgeSettings().embedder;
  if (!embedder || chunks.length === 0) return { warning: null };
  try {
    return {
      vectors: await embedder.embed(
        chunks.map((c) => c.searchText),
        opts.signal,
      ),
      warning: null,
    };
  } catch (e) {
    if (e instanceof ProviderError && e.retryable && !opts.finalAttempt) throw e;
    const message = e instanceof Error ? e.message : String(e);
    return { warning: `Indexed for text search only: embeddings failed (${message}).` };
  }
}

export async function indexSource(
  sourceId: string,
  opts: IndexOptions = {},
): Promise<{ status: 'ready' | 'failed'; chunkCount: number }> {
  const source = await loadSource(sourceId);
  if (!source) return { status: 'failed', chunkCount: 0 }; // deleted meanwhile
  await db().knowledgeSource.update({
    where: { id: sourceId },
    data: { status: 'indexing', error: null, errorCode: null },
  });
  let stored: { chunkCount: number };
  let warning: string | null = null;
  // Documents and crawled pages are read in their own thread: a runaway one fails this source alone.
  const reader = opts.reader ?? isolatedReader(knowledgeSettings().extractLimits);
  try {
    const { chunks, note } = await chunksOf(source, opts, reader).finally(() =>
      opts.reader ? undefined : reader.close(),
    );
    const embedded = await embedChunks(chunks, opts);
    warning = [note, embedded.warning].filter(Boolean).join(' ') || null;
    stored = await replaceSourceChunks(source, chunks, embedded.vectors);
  } catch (e) {
    const permanent =
      e instanceof PermanentIndexError || e instanceof ExtractionError || e instanceof IsolateLimitError;
    if (!permanent && !opts.finalAttempt) throw e;
    const message = e instanceof Error ? e.message : String(e);
    // The code is what the screen shows, in the user's language; the message is the detail.
    const errorCode = permanent ? e.code : 'failed';
    await db().knowledgeSource.update({
      where: { id: sourceId },
      data: { status: 'failed', error: message, errorCode },
    });
    return { status: 'failed', chunkCount: 0 };
  }
  const nextSyncAt =
    source.kind === 'url' && source.syncIntervalHours
      ? new Date(Date.now() + source.syncIntervalHours * 3_600_000)
      : null;
  await db().knowledgeSource.update({
    where: { id: sourceId },
    data: { status: 'ready', error: warning, errorCode: null, nextSyncAt },
  });
  return { status: 'ready', chunkCount: stored.chunkCount };
}
