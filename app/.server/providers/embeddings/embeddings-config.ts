import { z } from 'zod';
import { openAiEndpointFields, refineOpenAiEndpoint } from '../openai-endpoint';

/** An OpenAI-compatible embeddings endpoint, configured as the LLM connector is. */
export const embeddingsConfigSchema = z
  .object({
    ...openAiEndpointFields,
    kind: openAiEndpointFields.kind.default('openai-compatible'),
    /** Ask the model for this many dimensions (text-embedding-3-* can shorten); unset = the model's own. */
    dimensions: z.number().int().min(8).max(8192).optional(),
    /** Texts per request: providers cap the batch (OpenAI at 2048 inputs), smaller batches fail smaller. */
    batchSize: z.number().int().min(1).max(2048).default(64),
  })
  .superRefine(refineOpenAiEndpoint);

export type EmbeddingsConfigInput = z.input<typeof embeddingsConfigSchema>;
export type EmbeddingsConfig = z.output<typeof embeddingsConfigSchema>;
