import { db } from '../db.ts';

export type VectorSupport = 'pgvector' | 'array';
let support: Promise<VectorSupport> | undefined;

/**
 * pgvector when the extension is installed in this database (or can be: CREATE EXTENSION needs the right
 * privileges); otherwise the same real[] column is scored in plain SQL. Both see the same stored vectors,
 * so installing pgvector later needs no re-index.
 */
export function vectorSupport(): Promise<VectorSupport> {
  support ??= (async (): Promise<VectorSupport> => {
    const rows = await db().$queryRaw<{ installed: boolean; available: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS installed,
             EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available`;
    if (rows[0]?.installed) return 'pgvector';
    if (!rows[0]?.available) return 'array';
    try {
      await db().$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS vector');
      return 'pgvector';
    } catch {
      return 'array';
    }
  })();
  return support;
}

/** For tests that install or drop the extension. */
export function forgetVectorSupport(): void {
  support = undefined;
}

export interface VectorCandidate {
  id: string;
  rank: number;
  similarity: number;
}

const CANDIDATES = 40;

/**
 * Nearest chunks by cosine similarity (vectors are stored unit-length, so the inner product), current
 * generation only, project-scoped, at least `minSimilarity`. Vectors of another length (a model changed
 * since indexing) are skipped rather than compared.
 */
export async function vectorCandidates(
  projectId: string,
  query: readonly number[],
  kbs: string[] | null,
  sources: string[] | null,
  minSimilarity: number,
): Promise<VectorCandidate[]> {
  const dims = query.length;
  const literal = `[${query.join(',')}]`;
  if ((await vectorSupport()) === 'pgvector') {
    // <#> is the negative inner product; the exact scan runs in pgvector's C code.
    return db().$queryRaw<VectorCandidate[]>`
      SELECT id, row_number() OVER (ORDER BY similarity DESC)::int AS rank, similarity FROM (
        SELECT c.id, (-(c.embedding::vector <#> ${literal}::vector))::float8 AS similarity
        FROM kb.chunks c JOIN public.knowledge_sources s ON s.id = c.source_id AND s.generation = c.generation
        WHERE c.project_id = ${projectId}::uuid AND c.embedding IS NOT NULL
          AND array_length(c.embedding, 1) = ${dims}
          AND (${kbs}::uuid[] IS NULL OR c.knowledge_base_id = ANY(${kbs}::uuid[]))
          AND (${sources}::uuid[] IS NULL OR c.source_id = ANY(${sources}::uuid[]))
        ORDER BY c.embedding::vector <#> ${literal}::vector
        LIMIT ${CANDIDATES}) n
      WHERE similarity >= ${minSimilarity}
      ORDER BY rank`;
  }
  return db().$queryRaw<VectorCandidate[]>`
    SELECT id, row_number() OVER (ORDER BY similarity DESC)::int AS rank, similarity FROM (
      SELECT c.id, (SELECT sum(a * b) FROM unnest(c.embedding, ${[...query]}::real[]) AS t(a, b))::float8 AS similarity
      FROM kb.chunks c JOIN public.knowledge_sources s ON s.id = c.source_id AND s.generation = c.generation
      WHERE c.project_id = ${projectId}::uuid AND c.embedding IS NOT NULL
        AND array_length(c.embedding, 1) = ${dims}
        AND (${kbs}::uuid[] IS NULL OR c.knowledge_base_id = ANY(${kbs}::uuid[]))
        AND (${sources}::uuid[] IS NULL OR c.source_id = ANY(${sources}::uuid[]))) n
    WHERE similarity >= ${minSimilarity}
    ORDER BY similarity DESC LIMIT ${CANDIDATES}`;
}
