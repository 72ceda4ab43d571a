import type { ProviderSettings } from './provider-account-input.ts';
import { PROVIDER_CATALOG, type ProviderKind } from '../../lib/providers/provider-catalog.ts';

/**
 * Where an account's requests go. A baseUrl set on the account wins (a self-hosted endpoint, a sovereign
 * cloud, a local test server); otherwise the vendor's public address. One place, so the test, the catalog
 * and the calls reach the same host.
 */
const trim = (url: string) => url.replace(/\/+$/, '');

export function openAiBaseUrl(provider: ProviderKind, settings: ProviderSettings): string {
  if (settings.baseUrl) return trim(settings.baseUrl);
  if (provider === 'yandex') return 'https://llm.api.cloud.yandex.net/v1';
  return PROVIDER_CATALOG[provider].defaultBaseUrl ?? '';
}

export function yandexSpeechBase(settings: ProviderSettings, service: 'tts' | 'stt'): string {
  return settings.baseUrl ? trim(settings.baseUrl) : `https://${service}.api.cloud.yandex.net`;
}

/** Azure Speech: the REST host of text-to-speech (synthesis and the voice list). */
export function azureTtsBase(settings: ProviderSettings): string {
  return settings.baseUrl
    ? trim(settings.baseUrl)
    : `https://${settings.region ?? 'westeurope'}.tts.speech.microsoft.com`;
}

/** Azure Speech: the recognition WebSocket the SDK connects to when an endpoint is given. */
export function azureSttEndpoint(settings: ProviderSettings): string | undefined {
  if (!settings.baseUrl) return undefined;
  const ws = trim(settings.baseUrl).replace(/^http/, 'ws');
  return `${ws}/speech/recognition/conversation/cognitiveservices/v1`;
}
