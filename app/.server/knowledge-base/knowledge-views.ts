// What the knowledge API answers (bases, sources, chunks, search hits) as JSON; the OpenAPI file documents these.
import { z } from 'zod';
import { isoDateTime } from '../api/api-schemas.ts';

export const knowledgeBaseView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    sources: z.number().int(),
    chunks: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'KnowledgeBase' });
export const knowledgeBaseList = z.object({ knowledgeBases: z.array(knowledgeBaseView) });

export const sourceView = z
  .object({
    id: z.uuid(),
    knowledgeBaseId: z.uuid(),
    kind: z.enum(['file', 'url', 'qa']),
    name: z.string(),
    url: z.string().nullable(),
    fileName: z.string().nullable(),
    sizeBytes: z.number().int().nullable(),
    question: z.string().nullable(),
    answer: z.string().nullable(),
    originCallId: z.uuid().nullable(),
    status: z.enum(['pending', 'indexing', 'ready', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).describe('Pages, for crawls'),
    error: z
      .string()
      .nullable()
      .describe('Why it failed; for a ready source a note (pages a crawl skipped, embeddings that failed)'),
    errorCode: z
      .string()
      .nullable()
      .describe(
        'expansion_limit (a decompression bomb), resource_limit (reading it went past the memory or time limit), encrypted, too_large, unsupported_type, unreadable, url_blocked, robots_disallowed, nothing_indexed, fetch_failed, failed',
      ),
    chunkCount: z.number().int(),
    lastIndexedAt: isoDateTime.nullable(),
    syncIntervalHours: z.number().int().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'KnowledgeSource' });
export const sourceList = z.object({ sources: z.array(sourceView) });

export const chunkList = z.object({
  chunks: z.array(
    z.object({
      id: z.string(),
      ordinal: z.number().int(),
      headingPath: z.array(z.string()),
      text: z.string(),
      language: z.string(),
      pageUrl: z.string().nullable(),
    }),
  ),
});

export const searchResult = z.object({
  hits: z.array(
    z.object({
      chunkId: z.string(),
      sourceId: z.uuid(),
      sourceName: z.string(),
      sourceUrl: z
        .string()
        .nullable()
        .describe('The crawled page, else the source URL; null for files and Q&A'),
      knowledgeBaseId: z.uuid(),
      headingPath: z.array(z.string()),
      text: z.string(),
      score: z.number().describe('Reciprocal-rank fusion (higher is better)'),
      ranks: z.object({
        fullText: z.number().nullable(),
        trigram: z.number().nullable(),
        vector: z.number().nullable(),
      }),
      relevance: z.number().min(0).max(1).describe('Comparable across queries'),
    }),
  ),
  tookMs: z.number(),
});
