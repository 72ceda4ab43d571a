import { EnvError, parseEnv } from '../env/load-env.ts';
import { knowledgeEnv } from '../env/env-schema.ts';
import {
  createOpenAiEmbeddings,
  type EmbeddingsProvider,
} from '../providers/embeddings/openai-embeddings.ts';
import { createTypesenseClient, type TypesenseClient } from './typesense/typesense-client.ts';
import type { IsolateLimits } from '../sandbox/isolate.ts';

/** The optional search backends: dense vectors through an embeddings endpoint, and Typesense for text. */
export interface KnowledgeSettings {
  embedder: EmbeddingsProvider | null;
  /** Chunks whose cosine similarity to the query is below this are not vector candidates (else every
   * question would "find" something, and a Knowledge node would never take its not-found exit). */
  minSimilarity: number;
  typesense: TypesenseClient | null;
  /** Each uploaded file or crawled page is read in a worker thread with this heap and time. */
  extractLimits: IsolateLimits;
}

export const DEFAULT_EXTRACT_LIMITS: IsolateLimits = { heapMb: 512, timeMs: 120_000 };

let current: KnowledgeSettings | undefined;

export function settingsFromEnv(source?: Record<string, string | undefined>): KnowledgeSettings {
  const env = parseEnv(knowledgeEnv, 'knowledge', source);
  const problems: { variable: string; message: string }[] = [];
  if (env.EMBEDDINGS_BASE_URL && !env.EMBEDDINGS_MODEL) {
    problems.push({ variable: 'EMBEDDINGS_MODEL', message: 'is required when EMBEDDINGS_BASE_URL is set' });
  }
  if (env.EMBEDDINGS_BASE_URL && !env.EMBEDDINGS_API_KEY) {
    problems.push({
      variable: 'EMBEDDINGS_API_KEY',
      message: 'is required when EMBEDDINGS_BASE_URL is set (any value for a server without keys)',
    });
  }
  if (env.TYPESENSE_URL && !env.TYPESENSE_API_KEY) {
    problems.push({ variable: 'TYPESENSE_API_KEY', message: 'is required when TYPESENSE_URL is set' });
  }
  if (problems.length) throw new EnvError('knowledge', problems);
  return {
    embedder:
      env.EMBEDDINGS_BASE_URL && env.EMBEDDINGS_MODEL && env.EMBEDDINGS_API_KEY
        ? createOpenAiEmbeddings({
            kind: env.EMBEDDINGS_KIND,
            baseUrl: env.EMBEDDINGS_BASE_URL,
            apiKey: env.EMBEDDINGS_API_KEY,
            model: env.EMBEDDINGS_MODEL,
            ...(env.EMBEDDINGS_DIMENSIONS ? { dimensions: env.EMBEDDINGS_DIMENSIONS } : {}),
            ...(env.EMBEDDINGS_API_VERSION ? { apiVersion: env.EMBEDDINGS_API_VERSION } : {}),
            ...(env.EMBEDDINGS_FOLDER_ID ? { folderId: env.EMBEDDINGS_FOLDER_ID } : {}),
          })
        : null,
    minSimilarity: env.EMBEDDINGS_MIN_SIMILARITY,
    extractLimits: { heapMb: env.KNOWLEDGE_EXTRACT_HEAP_MB, timeMs: env.KNOWLEDGE_EXTRACT_TIMEOUT_MS },
    typesense:
      env.TYPESENSE_URL && env.TYPESENSE_API_KEY
        ? createTypesenseClient({
            url: env.TYPESENSE_URL,
            apiKey: env.TYPESENSE_API_KEY,
            collection: env.TYPESENSE_COLLECTION,
          })
        : null,
  };
}

/** Built once per process from the environment (every process entry point validated it at start). */
export function knowledgeSettings(): KnowledgeSettings {
  current ??= settingsFromEnv();
  return current;
}

/** Tests point knowledge search at local servers; undefined goes back to the environment. */
export function useKnowledgeSettings(next: Partial<KnowledgeSettings> | undefined): void {
  current = next
    ? { embedder: null, minSimilarity: 0.3, typesense: null, extractLimits: DEFAULT_EXTRACT_LIMITS, ...next }
    : undefined;
}
