import { z } from 'zod';

/** Connector configuration as stored per project (the API key arrives already decrypted). */
export const llmConfigSchema = z
  .object({
    kind: z.enum(['openai', 'azure-openai', 'yandexgpt', 'openai-compatible']),
    /**
     * openai: https://api.openai.com/v1; azure-openai: the deployment URL
     * (https://<resource>.openai.azure.com/openai/deployments/<deployment>); yandexgpt:
     * https://llm.api.cloud.yandex.net/v1; vLLM / Ollama: their /v1 URL.
     */
    baseUrl: z.url({ protocol: /^https?$/ }),
    apiKey: z.string().min(1),
    model: z.string().min(1),
    organization: z.string().min(1).optional(),
    apiVersion: z.string().min(1).optional(),
    folderId: z.string().min(1).optional(),
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

export type LlmConfigInput = z.input<typeof llmConfigSchema>;
export type LlmConfig = z.output<typeof llmConfigSchema>;
