import OpenAI, { AzureOpenAI } from 'openai';
import type { LlmConfig } from './llm-config';

/** A `fetch` with the WHATWG signature; lets callers route provider traffic through the SSRF guard. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * One `openai` client per connector. Retries are ours to decide (the runtime has a turn deadline), so the
 * SDK's are off; its own timeout is a backstop above ours.
 */
export function createOpenAiClient(config: LlmConfig, fetchImpl?: FetchLike): OpenAI {
  const common = {
    apiKey: config.apiKey,
    maxRetries: 0,
    timeout: config.timeoutMs + 1_000,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  };
  switch (config.kind) {
    case 'azure-openai':
      // The deployment URL already contains /deployments/<name>, so the SDK does not rewrite the path; it
      // adds ?api-version= and sends the key as `api-key`, as Azure documents.
      return new AzureOpenAI({ ...common, baseURL: config.baseUrl, apiVersion: config.apiVersion });
    case 'yandexgpt':
      // Yandex AI Studio's OpenAI-compatible API takes the folder as the OpenAI "project".
      return new OpenAI({ ...common, baseURL: config.baseUrl, project: config.folderId ?? null });
    case 'openai':
    case 'openai-compatible':
      return new OpenAI({ ...common, baseURL: config.baseUrl, organization: config.organization ?? null });
  }
}

/** YandexGPT addresses models as gpt://<folder>/<model>; accept the short name too. */
export function resolveModelName(config: LlmConfig, requested: string | undefined): string {
  const model = requested ?? config.model;
  if (config.kind === 'yandexgpt' && !model.includes('://')) return `gpt://${config.folderId ?? ''}/${model}`;
  return model;
}

/** A plain OpenAI-compatible client for a speech endpoint (STT or TTS): its URL, key, model and deadline. */
export function createOpenAiAudioClient(
  config: { baseUrl: string; apiKey: string; model: string; timeoutMs: number },
  fetchImpl?: FetchLike,
): OpenAI {
  return createOpenAiClient({ kind: 'openai-compatible', ...config }, fetchImpl);
}
