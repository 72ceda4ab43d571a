import type { Chunk } from './ingest/chunk/chunk.ts';
import { db } from '../db.ts';
import { knowledgeSettings } from './knowledge-settings.server.ts';
import type { TypesenseChunkDoc } from './typesense/typesense-client.ts';

const BATCH = 500;

/**
 * Replaces a source's chunks atomically: the new set is written under the next generation while search
 * keeps reading the current one, then one transaction flips the source's generation and deletes the old
 * rows. Search joins chunks to their source's generation, so it sees all old or all new, never half.
 */
export async function replaceSourceChunks(
  source: { id: string; projectId: string; knowledgeBaseId: string; generation: number },
  chunks: readonly Chunk[],
  embeddings?: readonly (readonly number[] | null)[],
): Promise<{ generation: number; chunkCount: number }> {
  const next = source.generation + 1;
  const typesense = knowledgeSettings().typesense;
  const mirrored: TypesenseChunkDoc[] = [];
  // A crashed earlier attempt may have left rows of this generation behind.
  await db().$executeRaw`DELETE FROM kb.chunks WHERE source_id = ${source.id}::uuid AND generation = ${next}`;
  for (let i = 0; i < chunks.length; i += BATCH) {
    const batch = chunks.slice(i, i + BATCH);
    const vectors = batch.map((_, j) => {
      const v = embeddings?.[i + j];
      return v ? `{${v.join(',')}}` : null;
    });
    const ids = await db().$queryRaw<{ id: string; ordinal: number }[]>`
      INSERT INTO kb.chunks
        (project_id, knowledge_base_id, source_id, generation, ordinal, hash, heading_path, text, search_text,
         language, ts_config, embedding, page_url)
      SELECT ${source.projectId}::uuid, ${source.knowledgeBaseId}::uuid, ${source.id}::uuid, ${next},
             t.ordinal, t.hash, ARRAY(SELECT jsonb_array_elements_text(t.heading_path)), t.text, t.search_text,
             t.language, t.ts_config::regconfig, t.embedding::real[], t.page_url
      FROM unnest(
        ${batch.map((c) => c.index)}::int[],
        ${batch.map((c) => c.hash)}::text[],
        ${batch.map((c) => JSON.stringify(c.headingPath))}::jsonb[],
        ${batch.map((c) => c.text)}::text[],
        ${batch.map((c) => c.searchText)}::text[],
        ${batch.map((c) => c.language)}::text[],
        ${batch.map((c) => c.textSearchConfig)}::text[],
        ${vectors}::text[],
        ${batch.map((c) => c.pageUrl ?? null)}::text[]
      ) AS t(ordinal, hash, heading_path, text, search_text, language, ts_config, embedding, page_url)
      RETURNING id, ordinal`;
    if (typesense) {
      const byOrdinal = new Map(batch.map((c) => [c.index, c]));
      for (const { id, ordinal } of ids) {
        const c = byOrdinal.get(ordinal)!;
        mirrored.push({
          id,
          project_id: source.projectId,
          knowledge_base_id: source.knowledgeBaseId,
          source_id: source.id,
          generation: next,
          language: c.language,
          heading: c.headingPath.join(' › '),
          ...(c.language === 'ru' ? { text_ru: c.text } : { text_en: c.text }),
        });
      }
    }
  }
  // Typesense gets the new generation before the flip; until then search drops its hits (they are looked
  // up in kb.chunks against the current generation), so it too sees all old or all new.
  if (typesense) await typesense.importDocuments(mirrored);
  await db().$transaction([
    db().$executeRaw`DELETE FROM kb.chunks WHERE source_id = ${source.id}::uuid AND generation <> ${next}`,
    db().knowledgeSource.update({
      where: { id: source.id },
      data: { generation: next, chunkCount: chunks.length, lastIndexedAt: new Date() },
    }),
  ]);
  // Leftovers of older generations are harmless (never looked up), so a failure here is not the job's.
  await typesense?.deleteSource(source.id, next).catch(() => undefined);
  return { generation: next, chunkCount: chunks.length };
}

export interface StoredChunk {
  id: string;
  ordinal: number;
  headingPath: string[];
  text: string;
  language: string;
  pageUrl: string | null;
}

/** The chunks search currently sees for a source (the chunk preview). */
export async function sourceChunks(projectId: string, sourceId: string, limit = 200): Promise<StoredChunk[]> {
  return db().$queryRaw<StoredChunk[]>`
    SELECT c.id, c.ordinal, c.heading_path AS "headingPath", c.text, c.language, c.page_url AS "pageUrl"
    FROM kb.chunks c JOIN public.knowledge_sources s ON s.id = c.source_id AND s.generation = c.generation
    WHERE c.project_id = ${projectId}::uuid AND c.source_id = ${sourceId}::uuid
    ORDER BY c.ordinal LIMIT ${limit}`;
}
