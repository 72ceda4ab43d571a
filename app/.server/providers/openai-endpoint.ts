import { z } from 'zod';

/**
 * The fields every OpenAI-compatible endpoint shares (OpenAI, Azure OpenAI, YandexGPT's compatible API, vLLM,
 * Ollama), whatever it is used for: chat, embeddings. Each connector extends it with its own fields.
 */
export const openAiEndpointFields = {
  kind: z.enum(['openai', 'azure-openai', 'yandexgpt', 'openai-compatible']),
  /**
   * openai: https://api.openai.com/v1; azure-openai: the deployment URL
   * (https://<resource>.openai.azure.com/openai/deployments/<deployment>); yandexgpt:
   * https://llm.api.cloud.yandex.net/v1; vLLM / Ollama: their /v1 URL.
   */
  baseUrl: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1),
  model: z.string().min(1),
  apiVersion: z.string().min(1).optional(),
  folderId: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().max(600_000).default(30_000),
};

/** Azure needs its api-version and YandexGPT its folder: refused at the field, not at the first request. */
export function refineOpenAiEndpoint(
  config: { kind: string; apiVersion?: string | undefined; folderId?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (config.kind === 'azure-openai' && !config.apiVersion) {
    ctx.addIssue({ code: 'custom', path: ['apiVersion'], message: 'Azure OpenAI needs an api-version' });
  }
  if (config.kind === 'yandexgpt' && !config.folderId) {
    ctx.addIssue({ code: 'custom', path: ['folderId'], message: 'YandexGPT needs the folder id' });
  }
}
