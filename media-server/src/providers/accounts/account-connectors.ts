/**
 * A project's provider account (its key opened) to the connectors calls use. HTTP connectors fetch through
 * the SSRF guard; WebSocket ones (Azure's SDK, Vosk) get their host vetted before the first connection.
 */
import type { LlmPort } from '#flow-runtime/index';
import { vetHost } from '#server/net/address-policy.ts';
import { createGuardedFetch } from '#server/net/ssrf-guard.ts';
import type { ProviderSecretAccount } from '#server/provider-accounts/provider-accounts.server.ts';
import { providerAllowHosts } from '#server/provider-accounts/provider-allow-hosts.ts';
import { DEFAULT_LLM_MODEL, supports } from '#server/provider-accounts/provider-catalog.ts';
import {
  azureSttEndpoint,
  azureTtsBase,
  openAiBaseUrl,
  yandexSpeechBase,
} from '#server/provider-accounts/provider-endpoints.ts';
import { createOpenAiCompatibleLlm } from '#server/providers/llm/openai-compatible-llm.ts';
import { createAzureStt } from '../stt/azure-stt.ts';
import { createOpenAiStt } from '../stt/openai-stt.ts';
import type { SttProvider } from '../stt/stt-provider.ts';
import { createVoskStt } from '../stt/vosk-stt.ts';
import { createYandexStt } from '../stt/yandex-stt.ts';
import { createAzureTts } from '../tts/azure-tts.ts';
import { createOpenAiTts } from '../tts/openai-tts.ts';
import type { TtsProvider } from '../tts/tts-provider.ts';
import { createYandexTts } from '../tts/yandex-tts.ts';

export interface ConnectorOptions {
  allowHosts?: readonly string[];
}

const guardedFetch = (options: ConnectorOptions) =>
  createGuardedFetch({ allowHosts: options.allowHosts ?? providerAllowHosts(), timeoutMs: 30_000 });

const key = (account: ProviderSecretAccount) => account.apiKey ?? '';

/** Refuses an address the platform may not reach (private, metadata) before a WebSocket connects to it. */
async function vetWebSocket(url: string | undefined, options: ConnectorOptions): Promise<void> {
  if (!url) return;
  await vetHost(new URL(url).hostname, { allowHosts: options.allowHosts ?? providerAllowHosts() });
}

export function ttsFromAccount(account: ProviderSecretAccount, options: ConnectorOptions = {}): TtsProvider {
  if (!supports(account.provider, 'tts')) throw new Error(`${account.provider} does not speak`);
  const fetch = guardedFetch(options);
  const { settings } = account;
  switch (account.provider) {
    case 'openai':
      return createOpenAiTts({ baseUrl: openAiBaseUrl('openai', settings), apiKey: key(account) }, { fetch });
    case 'yandex':
      return createYandexTts(
        {
          endpoint: yandexSpeechBase(settings, 'tts'),
          auth: { type: 'api-key', apiKey: key(account) },
          ...(settings.folderId ? { folderId: settings.folderId } : {}),
        },
        { fetch },
      );
    default:
      return createAzureTts({ endpoint: azureTtsBase(settings), apiKey: key(account) }, { fetch });
  }
}

export async function sttFromAccount(
  account: ProviderSecretAccount,
  model: string | undefined,
  options: ConnectorOptions = {},
): Promise<SttProvider> {
  if (!supports(account.provider, 'stt')) throw new Error(`${account.provider} does not recognise speech`);
  const fetch = guardedFetch(options);
  const { settings } = account;
  switch (account.provider) {
    case 'openai':
      return createOpenAiStt(
        {
          baseUrl: openAiBaseUrl('openai', settings),
          apiKey: key(account),
          ...(model ? { model } : {}),
        },
        { fetch },
      );
    case 'yandex':
      return createYandexStt(
        {
          endpoint: yandexSpeechBase(settings, 'stt'),
          auth: { type: 'api-key', apiKey: key(account) },
          ...(settings.folderId ? { folderId: settings.folderId } : {}),
          ...(model ? { topic: model } : {}),
        },
        { fetch },
      );
    case 'vosk':
      await vetWebSocket(settings.baseUrl, options);
      return createVoskStt({ url: settings.baseUrl ?? '' });
    default: {
      const endpoint = azureSttEndpoint(settings);
      await vetWebSocket(endpoint, options);
      return createAzureStt({
        apiKey: key(account),
        ...(endpoint ? { endpoint } : { region: settings.region ?? 'westeurope' }),
      });
    }
  }
}

const LLM_KIND = {
  openai: 'openai',
  'azure-openai': 'azure-openai',
  'openai-compatible': 'openai-compatible',
  yandex: 'yandexgpt',
} as const;

export function llmFromAccount(
  account: ProviderSecretAccount,
  model: string | undefined,
  options: ConnectorOptions = {},
): LlmPort {
  const kind = LLM_KIND[account.provider as keyof typeof LLM_KIND];
  if (!kind) throw new Error(`${account.provider} is not an LLM provider`);
  const { settings } = account;
  return createOpenAiCompatibleLlm(
    {
      kind,
      baseUrl: openAiBaseUrl(account.provider, settings),
      // Self-hosted endpoints often take no key; the SDK wants a non-empty one.
      apiKey: account.apiKey ?? 'none',
      model: model ?? settings.model ?? DEFAULT_LLM_MODEL[account.provider] ?? 'default',
      ...(settings.apiVersion ? { apiVersion: settings.apiVersion } : {}),
      ...(settings.folderId ? { folderId: settings.folderId } : {}),
    },
    { fetch: guardedFetch(options) },
  );
}
