import { z } from 'zod';
import { openAiEndpointFields, refineOpenAiEndpoint } from '../openai-endpoint';

/** Connector configuration as stored per project (the API key arrives already decrypted). */
export const llmConfigSchema = z
  .object({ ...openAiEndpointFields, organization: z.string().min(1).optional() })
  .superRefine(refineOpenAiEndpoint);

export type LlmConfigInput = z.input<typeof llmConfigSchema>;
export type LlmConfig = z.output<typeof llmConfigSchema>;
