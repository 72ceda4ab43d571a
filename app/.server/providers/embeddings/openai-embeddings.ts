import { z } from 'zod';
import { startDeadline } from '../deadline';
import { mapLlmError } from '../llm/llm-errors';
import { createOpenAiClient, type FetchLike } from '../llm/openai-client';
import { ProviderError } from '../provider-error';
import { embeddingsConfigSchema, type EmbeddingsConfigInput } from './embeddings-config';

export interface EmbeddingsProvider {
  readonly id: string;
  readonly model: string;
  /** One unit-length vector per text, in the texts' order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

const PROVIDER = 'embeddings';

// The API's answer, checked: a proxy in between may return anything.
const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

/** Scaled to length 1, so a dot product is the cosine similarity (pgvector's <#>, or plain SQL without it). */
export function normalise(vector: readonly number[]): number[] {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  return norm > 0 ? vector.map((v) => v / norm) : [...vector];
}

/**
 * `embeddings.create` through the shared `openai` client factory, in batches, asking for floats (the SDK
 * would otherwise ask for base64, which not every compatible server speaks).
 */
export function createOpenAiEmbeddings(
  configInput: EmbeddingsConfigInput,
  options: { fetch?: FetchLike } = {},
): EmbeddingsProvider {
  const config = embeddingsConfigSchema.parse(configInput);
  // The LLM connector's settings shape, so every OpenAI-compatible flavour is built by one factory.
  const asLlm = {
    kind: config.kind,
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    model: config.model,
    timeoutMs: config.timeoutMs,
    ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
    ...(config.folderId ? { folderId: config.folderId } : {}),
  };
  const client = createOpenAiClient(asLlm, options.fetch);
  // Yandex names embedding models emb://<folder>/<model> (its chat models are gpt://...).
  const model =
    config.kind === 'yandexgpt' && !config.model.includes('://')
      ? `emb://${config.folderId ?? ''}/${config.model}`
      : config.model;

  async function batch(texts: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    const deadline = startDeadline(config.timeoutMs, signal);
    let raw: unknown;
    try {
      raw = await client.embeddings.create(
        {
          model,
          input: [...texts],
          encoding_format: 'float',
          ...(config.dimensions ? { dimensions: config.dimensions } : {}),
        },
        { signal: deadline.signal },
      );
    } catch (error) {
      throw mapLlmError(PROVIDER, error, deadline);
    } finally {
      deadline.dispose();
    }
    const parsed = responseSchema.safeParse(raw);
    if (!parsed.success || parsed.data.data.length !== texts.length) {
      throw new ProviderError(PROVIDER, 'bad_response', `expected ${texts.length} embeddings`, {
        retryable: false,
      });
    }
    const vectors: number[][] = new Array<number[]>(texts.length);
    for (const item of parsed.data.data) {
      if (item.index >= texts.length || item.embedding.length === 0) {
        throw new ProviderError(PROVIDER, 'bad_response', `bad embedding at index ${item.index}`, {
          retryable: false,
        });
      }
      vectors[item.index] = normalise(item.embedding);
    }
    const dims = vectors[0]?.length;
    if (vectors.some((v) => !v || v.length !== dims)) {
      throw new ProviderError(PROVIDER, 'bad_response', 'embeddings of different lengths', {
        retryable: false,
      });
    }
    return vectors;
  }

  return {
    id: config.kind,
    model: config.model,
    async embed(texts, signal) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += config.batchSize) {
        out.push(...(await batch(texts.slice(i, i + config.batchSize), signal)));
      }
      return out;
    },
  };
}
