/**
 * What knowledge search asks of Typesense: one collection of chunks, JSONL import (upsert), filtered
 * search, delete by filter. Typesense stems per field locale, so Russian and English
 * text go to separate fields. Chunk ids are the kb.chunks ids: results are looked up in PostgreSQL, which
 * stays the source of truth (and of each source's current generation).
 */
import { Client, Errors } from 'typesense';
import type { NodeConfiguration } from 'typesense/lib/Typesense/Configuration.js';
import type { CollectionFieldSchema } from 'typesense/lib/Typesense/Collection.js';

const { ImportError, ObjectAlreadyExists, ObjectNotFound, TypesenseError: ClientError } = Errors;

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

const COLLECTION_FIELDS: CollectionFieldSchema[] = [
  { name: 'project_id', type: 'string', facet: true },
  { name: 'knowledge_base_id', type: 'string', facet: true },
  { name: 'source_id', type: 'string', facet: true },
  { name: 'generation', type: 'int32' },
  { name: 'language', type: 'string', facet: true },
  { name: 'heading', type: 'string', optional: true, stem: true },
  { name: 'text_ru', type: 'string', optional: true, locale: 'ru', stem: true },
  { name: 'text_en', type: 'string', optional: true, locale: 'en', stem: true },
];

/** Typesense filter values are backquoted so ids and words with commas or brackets stay one value. */
const quote = (v: string) => `\`${v.replace(/`/g, '')}\``;
const oneOf = (field: string, values: readonly string[]) => `${field}:=[${values.map(quote).join(',')}]`;

/** The official client's node from TYPESENSE_URL (`https://search.example:8108/prefix`). */
function nodeOf(url: string): NodeConfiguration {
  const u = new URL(url);
  const protocol = u.protocol.replace(':', '');
  const port = u.port ? Number(u.port) : protocol === 'https' ? 443 : 80;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port, protocol, path: u.pathname.replace(/\/+$/, '') };
}

/** The client's errors (ObjectNotFound, RequestUnauthorized, ImportError, timeouts…) as ours, with the status. */
function ours(what: string, e: unknown): TypesenseError {
  if (e instanceof TypesenseError) return e;
  if (e instanceof ImportError) {
    const refused = e.importResults.filter((r) => !r.success);
    return new TypesenseError(
      `import refused ${refused.length} of ${e.importResults.length} documents` +
        (refused[0]?.error ? `: ${refused[0].error}` : ''),
    );
  }
  if (e instanceof ClientError) {
    return new TypesenseError(
      `${what} answered ${e.httpStatus ?? 'no status'}${e.message ? `: ${e.message.slice(0, 200)}` : ''}`,
      e.httpStatus,
    );
  }
  return new TypesenseError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * Knowledge search's use of Typesense, through the official `typesense` client: our part is the mapping
 * (collection fields, filters, scoping every search to one project, our error type).
 */
export function createTypesenseClient(config: TypesenseConfig) {
  const client = new Client({
    nodes: [nodeOf(config.url)],
    apiKey: config.apiKey,
    connectionTimeoutSeconds: (config.timeoutMs ?? 10_000) / 1000,
    // One retry on a timeout or 5xx (the client never retries a 4xx); indexing jobs retry on their own.
    numRetries: 1,
    retryIntervalSeconds: 0.1,
    logLevel: 'silent',
  });
  const documents = () => client.collections<TypesenseChunkDoc>(config.collection).documents();
  let ensured: Promise<void> | undefined;

  /** Creates the collection on first use (409: another process did it first). */
  function ensureCollection(): Promise<void> {
    ensured ??= (async () => {
      try {
        await client.collections(config.collection).retrieve();
        return;
      } catch (e) {
        if (!(e instanceof ObjectNotFound)) throw ours('collection lookup', e);
      }
      try {
        await client.collections().create({ name: config.collection, fields: COLLECTION_FIELDS });
      } catch (e) {
        if (!(e instanceof ObjectAlreadyExists)) throw ours('collection create', e);
      }
    })().catch((e: unknown) => {
      ensured = undefined;
      throw e;
    });
    return ensured;
  }

  async function deleteWhere(filter: string): Promise<number> {
    await ensureCollection();
    try {
      return (await documents().delete({ filter_by: filter })).num_deleted;
    } catch (e) {
      throw ours('delete', e);
    }
  }

  return {
    ensureCollection,

    /** Upserts documents (JSONL import); any document Typesense refused fails the whole call (the job retries). */
    async importDocuments(docs: readonly TypesenseChunkDoc[]): Promise<void> {
      if (docs.length === 0) return;
      await ensureCollection();
      let results: { success: boolean }[];
      try {
        results = await documents().import([...docs], { action: 'upsert' });
      } catch (e) {
        throw ours('import', e);
      }
      if (results.length !== docs.length) {
        throw new TypesenseError(
          `import refused ${docs.length - results.length} of ${docs.length} documents`,
        );
      }
    },

    /** Chunk ids best first; always scoped to one project. */
    async search(q: TypesenseSearch): Promise<string[]> {
      await ensureCollection();
      const filters = [`project_id:=${quote(q.projectId)}`];
      if (q.knowledgeBaseIds?.length) filters.push(oneOf('knowledge_base_id', q.knowledgeBaseIds));
      if (q.sourceIds?.length) filters.push(oneOf('source_id', q.sourceIds));
      try {
        const answer = await documents().search(
          {
            q: q.query,
            query_by: 'text_ru,text_en,heading',
            filter_by: filters.join(' && '),
            per_page: Math.min(250, q.limit),
            // Whole questions rarely match every word: let Typesense drop words from the end when it must.
            drop_tokens_threshold: q.limit,
            include_fields: 'id',
          },
          q.signal ? { abortSignal: q.signal } : {},
        );
        return (answer.hits ?? []).map((h) => h.document.id);
      } catch (e) {
        throw ours('search', e);
      }
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
}

export type TypesenseClient = ReturnType<typeof createTypesenseClient>;
