/**
 * The parts of Typesense's REST API that knowledge search uses: one collection of chunks, JSONL import
 * (upsert), filtered search, delete by filter. Typesense stems per field locale, so Russian and English
 * text go to separate fields. Chunk ids are the kb.chunks ids: results are looked up in PostgreSQL, which
 * stays the source of truth (and of each source's current generation).
 */
import { z } from 'zod';

export interface TypesenseConfig {
  url: string;
  apiKey: string;
  collection: string;
  timeoutMs?: number;
}

export interface TypesenseChunkDoc {
  id: string;
  project_id: string;
  knowledge_base_id: string;
  source_id: string;
  generation: number;
  language: string;
  heading: string;
  text_ru?: string;
  text_en?: string;
}

export interface TypesenseSearch {
  query: string;
  projectId: string;
  knowledgeBaseIds: readonly string[] | null;
  sourceIds: readonly string[] | null;
  limit: number;
  signal?: AbortSignal;
}

export class TypesenseError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(`Typesense: ${message}`);
    this.name = 'TypesenseError';
  }
}

const COLLECTION_FIELDS = [
  { name: 'project_id', type: 'string', facet: true },
  { name: 'knowledge_base_id', type: 'string', facet: true },
  { name: 'source_id', type: 'string', facet: true },
  { name: 'generation', type: 'int32' },
  { name: 'language', type: 'string', facet: true },
  { name: 'heading', type: 'string', optional: true, stem: true },
  { name: 'text_ru', type: 'string', optional: true, locale: 'ru', stem: true },
  { name: 'text_en', type: 'string', optional: true, locale: 'en', stem: true },
];

const searchAnswer = z.object({
  found: z.number().optional(),
  hits: z.array(z.object({ document: z.object({ id: z.string() }), text_match: z.number().optional() })),
});
const importLine = z.object({ success: z.boolean(), error: z.string().optional() });

/** Typesense filter values are backquoted so ids and words with commas or brackets stay one value. */
const quote = (v: string) => `\`${v.replace(/`/g, '')}\``;
const oneOf = (field: string, values: readonly string[]) => `${field}:=[${values.map(quote).join(',')}]`;

export function createTypesenseClient(config: TypesenseConfig) {
  const base = config.url.replace(/\/+$/, '');
  const collection = encodeURIComponent(config.collection);
  let ensured: Promise<void> | undefined;

  async function request(
    method: string,
    path: string,
    body?: string,
    signal?: AbortSignal,
    type = 'application/json',
  ) {
    const timeout = AbortSignal.timeout(config.timeoutMs ?? 10_000);
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          'x-typesense-api-key': config.apiKey,
          ...(body !== undefined ? { 'content-type': type } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      throw new TypesenseError(`${method} ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return res;
  }

  async function fail(res: Response, what: string): Promise<never> {
    const text = await res.text().catch(() => '');
    throw new TypesenseError(
      `${what} answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
      res.status,
    );
  }

  /** Creates the collection on first use (409: another process did it first). */
  function ensureCollection(): Promise<void> {
    ensured ??= (async () => {
      const got = await request('GET', `/collections/${collection}`);
      if (got.ok) return;
      if (got.status !== 404) return fail(got, 'collection lookup');
      const made = await request(
        'POST',
        '/collections',
        JSON.stringify({ name: config.collection, fields: COLLECTION_FIELDS }),
      );
      if (!made.ok && made.status !== 409) return fail(made, 'collection create');
    })().catch((e: unknown) => {
      ensured = undefined;
      throw e;
    });
    return ensured;
  }

  return {
    ensureCollection,

    /** Upserts documents as JSONL; any document Typesense refused fails the whole call (the job retries). */
    async importDocuments(docs: readonly TypesenseChunkDoc[]): Promise<void> {
      if (docs.length === 0) return;
      await ensureCollection();
      const res = await request(
        'POST',
        `/collections/${collection}/documents/import?action=upsert`,
        docs.map((d) => JSON.stringify(d)).join('\n'),
        undefined,
        'text/plain',
      );
      if (!res.ok) return fail(res, 'import');
      const lines = (await res.text()).split('\n').filter(Boolean);
      const refused = lines
        .map((l) => importLine.safeParse(JSON.parse(l)))
        .filter((l) => !l.success || !l.data.success);
      if (refused.length || lines.length !== docs.length) {
        const first = refused[0];
        throw new TypesenseError(
          `import refused ${refused.length || docs.length - lines.length} of ${docs.length} documents` +
            (first?.success ? `: ${first.data.error ?? ''}` : ''),
        );
      }
    },

    /** Chunk ids best first; always scoped to one project. */
    async search(q: TypesenseSearch): Promise<string[]> {
      await ensureCollection();
      const filters = [`project_id:=${quote(q.projectId)}`];
      if (q.knowledgeBaseIds?.length) filters.push(oneOf('knowledge_base_id', q.knowledgeBaseIds));
      if (q.sourceIds?.length) filters.push(oneOf('source_id', q.sourceIds));
      const params = new URLSearchParams({
        q: q.query,
        query_by: 'text_ru,text_en,heading',
        filter_by: filters.join(' && '),
        per_page: String(Math.min(250, q.limit)),
        // Whole questions rarely match every word: let Typesense drop words from the end when it must.
        drop_tokens_threshold: String(q.limit),
        include_fields: 'id',
      });
      const res = await request(
        'GET',
        `/collections/${collection}/documents/search?${params}`,
        undefined,
        q.signal,
      );
      if (!res.ok) return fail(res, 'search');
      const parsed = searchAnswer.safeParse(await res.json());
      if (!parsed.success) throw new TypesenseError('search answered an unexpected shape');
      return parsed.data.hits.map((h) => h.document.id);
    },

    /** Deletes a source's documents, except one generation when given (the one just written). */
    async deleteSource(sourceId: string, keepGeneration?: number): Promise<number> {
      const filter =
        `source_id:=${quote(sourceId)}` +
        (keepGeneration !== undefined ? ` && generation:!=${keepGeneration}` : '');
      return deleteWhere(filter);
    },

    async deleteKnowledgeBase(knowledgeBaseId: string): Promise<number> {
      return deleteWhere(`knowledge_base_id:=${quote(knowledgeBaseId)}`);
    },
  };

  async function deleteWhere(filter: string): Promise<number> {
    await ensureCollection();
    const res = await request(
      'DELETE',
      `/collections/${collection}/documents?${new URLSearchParams({ filter_by: filter })}`,
    );
    if (!res.ok) return fail(res, 'delete');
    const body = (await res.json()) as { num_deleted?: number };
    return body.num_deleted ?? 0;
  }
}

export type TypesenseClient = ReturnType<typeof createTypesenseClient>;
