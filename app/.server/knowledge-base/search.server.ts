import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { db } from '../db.ts';
import { createLogger } from '../logger.ts';
import { knowledgeSettings } from './knowledge-settings.server.ts';
import { vectorCandidates } from './vector-search.server.ts';

export interface SearchFilters {
  knowledgeBaseIds?: readonly string[];
  sourceIds?: readonly string[];
}

export interface SearchHit {
  chunkId: string;
  sourceId: string;
  sourceName: string;
  /** The page the passage came from for a crawled site, else the source's URL (null for files and Q&A). */
  sourceUrl: string | null;
  knowledgeBaseId: string;
  headingPath: string[];
  text: string;
  /** Reciprocal-rank-fusion score (higher is better), and the ranks it came from. */
  score: number;
  /** fullText: PostgreSQL full text, or Typesense when it is the text backend; vector: embeddings. */
  ranks: { fullText: number | null; trigram: number | null; vector: number | null };
  /**
   * How well the passage answers, 0..1, comparable across queries (RRF scores are not): the share of the
   * question's words (stemmed in the passage's language) the passage contains, or the cosine similarity of
   * their embeddings when that is higher. What the runtime gets as the chunk's score.
   */
  relevance: number;
}

export interface SearchOptions {
  signal?: AbortSignal;
}

let log: ReturnType<typeof createLogger> | undefined;
const logger = () => (log ??= createLogger('knowledge-search'));

const RRF_K = 60;
const CANDIDATES = 40;

interface Candidate {
  id: string;
  rank: number;
}

/** Passages an "any word" query may match before ranking: bounds the cost when the words are common. */
const OR_MATCH_CAP = 2000;

/** Full-text candidates in both stemmings (and unstemmed), all words (`&`) or any (`|`), best first. */
async function fullTextCandidates(
  projectId: string,
  q: string,
  op: '&' | '|',
  kbs: string[] | null,
  sources: string[] | null,
): Promise<Candidate[]> {
  // "All words": the stemmed words must all occur. "Any word": each stem, one letter shorter, matches as a
  // prefix, because a verb and its noun often differ in the ending the stemmer keeps ("парковаться" →
  // паркова, "парковка" → парковк; both start with парков). Lexemes under three letters are left out: the
  // other language's configuration keeps "у" or "в", and "у:*" would match every word starting with у.
  const tsquery = (config: 'russian' | 'english') =>
    op === '&'
      ? Prisma.sql`plainto_tsquery(${config}::regconfig, ${q})`
      : Prisma.sql`(SELECT string_agg(quote_literal(left(l, greatest(4, length(l) - 1))) || ':*', ' | ')
                    FROM unnest(tsvector_to_array(to_tsvector(${config}::regconfig, ${q}))) AS l
                    WHERE length(l) >= 3)::tsquery`;
  // Unstemmed words (names, codes, languages without a configuration). For "any word", words under three
  // letters are left out: "в", "до", "по" occur in nearly every Russian passage and would rank by count.
  const simple =
    op === '&'
      ? Prisma.sql`plainto_tsquery('simple', ${q})`
      : Prisma.sql`(SELECT string_agg(quote_literal(l), ' | ')
                    FROM unnest(tsvector_to_array(to_tsvector('simple', ${q}))) AS l
                    WHERE length(l) >= 3)::tsquery`;
  return db().$queryRaw<Candidate[]>`
    WITH q AS (
      SELECT ${tsquery('russian')} AS ru, ${tsquery('english')} AS en,
             ${simple} AS si),
    matched AS (
      SELECT c.id, c.tsv, c.source_id, c.generation
      FROM kb.chunks c, q
      WHERE c.project_id = ${projectId}::uuid
        AND (c.tsv @@ q.ru OR c.tsv @@ q.en OR c.tsv @@ q.si)
        AND (${kbs}::uuid[] IS NULL OR c.knowledge_base_id = ANY(${kbs}::uuid[]))
        AND (${sources}::uuid[] IS NULL OR c.source_id = ANY(${sources}::uuid[]))
      LIMIT ${OR_MATCH_CAP})
    SELECT m.id, row_number() OVER (ORDER BY greatest(ts_rank_cd(m.tsv, q.ru), ts_rank_cd(m.tsv, q.en),
                                                      ts_rank_cd(m.tsv, q.si)) DESC)::int AS rank
    FROM matched m JOIN public.knowledge_sources s ON s.id = m.source_id AND s.generation = m.generation, q
    ORDER BY rank LIMIT ${CANDIDATES}`;
}

/**
 * Hybrid search: PostgreSQL full-text search in both configurations (Russian and English stemming; each
 * chunk's tsvector was built with its own language) and trigram word similarity (typos, partial words,
 * numbers; only when full text finds too little), fused by reciprocal rank. Only chunks of each source's
 * current generation are seen.
 */
export async function searchChunks(
  projectId: string,
  query: string,
  filters: SearchFilters = {},
  limit = 5,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  const q = query.trim().slice(0, 500);
  if (!q) return [];
  const kbs = filters.knowledgeBaseIds?.length ? [...filters.knowledgeBaseIds] : null;
  const sources = filters.sourceIds?.length ? [...filters.sourceIds] : null;
  const settings = knowledgeSettings();
  // The query's vector is fetched while the text search runs; a failing endpoint costs recall, not the answer.
  const vector = settings.embedder
    ? settings.embedder
        .embed([q], options.signal)
        .then(([v]) => (v ? vectorCandidates(projectId, v, kbs, sources, settings.minSimilarity) : []))
        .catch((e: unknown) => {
          logger().warn({ err: e instanceof Error ? e.message : String(e) }, 'vector search skipped');
          return [];
        })
    : Promise.resolve([]);
  const { fullText, trigram } = await textCandidates(projectId, q, kbs, sources, limit, options.signal);
  const vectorHits = await vector;
  return fuse(
    projectId,
    q,
    [
      [fullText, 'fullText'],
      [trigram, 'trigram'],
      [vectorHits, 'vector'],
    ],
    new Map(vectorHits.map((v) => [v.id, v.similarity])),
    limit,
  );
}

/** Typesense when it is configured (PostgreSQL if it fails: the answer matters more than the engine). */
async function textCandidates(
  projectId: string,
  q: string,
  kbs: string[] | null,
  sources: string[] | null,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<{ fullText: Candidate[]; trigram: Candidate[] }> {
  const typesense = knowledgeSettings().typesense;
  if (typesense) {
    try {
      const ids = await typesense.search({
        query: q,
        projectId,
        knowledgeBaseIds: kbs,
        sourceIds: sources,
        limit: CANDIDATES,
        ...(signal ? { signal } : {}),
      });
      return { fullText: ids.map((id, i) => ({ id, rank: i + 1 })), trigram: [] };
    } catch (e) {
      logger().warn(
        { err: e instanceof Error ? e.message : String(e) },
        'Typesense failed; searching PostgreSQL',
      );
    }
  }
  return postgresTextCandidates(projectId, q, kbs, sources, limit);
}

/** PostgreSQL's text candidates: full text, and trigram similarity when full text finds too little. */
async function postgresTextCandidates(
  projectId: string,
  q: string,
  kbs: string[] | null,
  sources: string[] | null,
  limit: number,
): Promise<{ fullText: Candidate[]; trigram: Candidate[] }> {
  // All of the words first (the GIN index intersects posting lists: fast however common each word is); any of
  // them when that finds too little, since callers ask whole questions ("сколько стоит лечить кариес") whose
  // every word no passage contains. ts_rank_cd then prefers passages with more of the words.
  let fullText = await fullTextCandidates(projectId, q, '&', kbs, sources);
  if (fullText.length < limit) {
    const any = await fullTextCandidates(projectId, q, '|', kbs, sources);
    fullText = [...fullText, ...any.filter((c) => !fullText.some((f) => f.id === c.id))].map((c, i) => ({
      id: c.id,
      rank: i + 1,
    }));
  }
  // Trigram matching rechecks whole passages and is costly on large bases: it runs as the fallback for
  // typos and partial words, when full text found too little.
  const trigram =
    fullText.length >= limit
      ? []
      : await db().$queryRaw<Candidate[]>`
      SELECT c.id, row_number() OVER (ORDER BY word_similarity(${q}, c.search_text) DESC)::int AS rank
      FROM kb.chunks c JOIN public.knowledge_sources s ON s.id = c.source_id AND s.generation = c.generation
      WHERE c.project_id = ${projectId}::uuid
        AND ${q} <% c.search_text
        AND (${kbs}::uuid[] IS NULL OR c.knowledge_base_id = ANY(${kbs}::uuid[]))
        AND (${sources}::uuid[] IS NULL OR c.source_id = ANY(${sources}::uuid[]))
      ORDER BY rank LIMIT ${CANDIDATES}`;
  return { fullText, trigram };
}

type RankKey = keyof SearchHit['ranks'];

/**
 * Reciprocal rank fusion of the candidate lists, then the winners are read from kb.chunks against each
 * source's current generation: a Typesense hit of a generation not yet (or no longer) current is dropped.
 */
async function fuse(
  projectId: string,
  q: string,
  lists: [Candidate[], RankKey][],
  similarity: ReadonlyMap<string, number>,
  limit: number,
): Promise<SearchHit[]> {
  const fused = new Map<string, { score: number } & SearchHit['ranks']>();
  for (const [list, key] of lists) {
    for (const c of list) {
      const entry = fused.get(c.id) ?? { score: 0, fullText: null, trigram: null, vector: null };
      entry.score += 1 / (RRF_K + c.rank);
      entry[key] = c.rank;
      fused.set(c.id, entry);
    }
  }
  // A few spare: some may be filtered out below (stale Typesense hits).
  const top = [...fused.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, limit * 2);
  if (top.length === 0) return [];
  const rows = await db().$queryRaw<
    {
      id: string;
      source_id: string;
      name: string;
      url: string | null;
      knowledge_base_id: string;
      heading_path: string[];
      text: string;
      coverage: number | null;
    }[]
  >`
    SELECT c.id, c.source_id, s.name, coalesce(c.page_url, s.url) AS url, c.knowledge_base_id, c.heading_path,
           c.text,
           (SELECT count(*) FILTER (
                     WHERE c.tsv @@ (quote_literal(left(l, greatest(4, length(l) - 1))) || ':*')::tsquery)::float8
                   / nullif(count(*), 0)
            FROM unnest(tsvector_to_array(to_tsvector(c.ts_config, ${q}))) AS l) AS coverage
    FROM kb.chunks c JOIN public.knowledge_sources s ON s.id = c.source_id AND s.generation = c.generation
    WHERE c.id = ANY(${top.map(([id]) => id)}::uuid[]) AND c.project_id = ${projectId}::uuid`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return top
    .flatMap(([id, f]) => {
      const r = byId.get(id);
      return r
        ? [
            {
              chunkId: id,
              sourceId: r.source_id,
              sourceName: r.name,
              sourceUrl: r.url,
              knowledgeBaseId: r.knowledge_base_id,
              headingPath: r.heading_path,
              text: r.text,
              score: f.score,
              ranks: { fullText: f.fullText, trigram: f.trigram, vector: f.vector },
              relevance: Math.min(1, Math.max(r.coverage ?? 0, similarity.get(id) ?? 0)),
            },
          ]
        : [];
    })
    .slice(0, limit);
}
