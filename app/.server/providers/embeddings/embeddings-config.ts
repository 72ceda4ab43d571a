import { z } from 'zod';

/** An OpenAI-compatible embeddings endpoint (OpenAI, Azure OpenAI, YandexGPT's compatible API, vLLM, Ollama). */
export const embeddingsConfigSchema = z
  .object({
    kind: z.enum(['openai', 'azure-openai', 'yandexgpt', 'openai-compatible']).default('openai-compatible'),
    /** The API's /v1 URL (Azure: the deployment URL), as for the LLM connector. */
    baseUrl: z.url({ protocol: /^https?$/ }),
    apiKey: z.string().min(1),
    model: z.string().min(1),
    /** Ask the model for this many dimensions (text-embedding-3-* can shorten); unset = the model's own. */
    dimensions: z.number().int().min(8).max(8192).optional(),
    apiVersion: z.string().min(1).optional(),
    folderId: z.string().min(1).optional(),
    /** Texts per request: providers cap the batch (OpenAI at 2048 inputs), smaller batches fail smaller. */
    batchSize: z.number().int().min(1).max(2048).default(64),
    timeoutMs: z.number().int().positive().max(600_000).default(30_000),
  })
  .superRefine((config, ctx) => {
    if (config.kind === 'azure-openai' && !config.apiVersion) {
      ctx.addIssue({ code: 'custom', path: ['apiVersion'], message: 'Azure OpenAI needs an api-version' });
    }
    if (config.kind === 'yandexgpt' && !config.folderId) {
      ctx.addIssue({ code: 'custom', path: ['folderId'], message: 'YandexGPT needs the folder id' });
    }
  });

export type EmbeddingsConfigInput = z.input<typeof embeddingsConfigSchema>;
export type EmbeddingsConfig = z.output<typeof embeddingsConfigSchema>;
