/**
 * What each kind of provider account serves and needs. One account per vendor key: an OpenAI key serves the
 * LLM, recognition and voices; an Azure Speech key recognition and voices; a Yandex Cloud key YandexGPT and
 * SpeechKit. Browser-safe (no server imports): the Providers screen builds its form from this table.
 */
export const PROVIDER_KINDS = [
  'openai',
  'azure-openai',
  'openai-compatible',
  'yandex',
  'azure-speech',
  'vosk',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const CAPABILITIES = ['llm', 'stt', 'tts'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type SettingField = 'baseUrl' | 'region' | 'folderId' | 'apiVersion' | 'model';

export interface ProviderKindInfo {
  label: string;
  capabilities: readonly Capability[];
  /** 'required': no account without it; 'optional': a self-hosted endpoint may run without one. */
  key: 'required' | 'optional' | 'none';
  fields: readonly SettingField[];
  required: readonly SettingField[];
  /** Where requests go when baseUrl is not set. */
  defaultBaseUrl?: string;
}

export const PROVIDER_CATALOG: Record<ProviderKind, ProviderKindInfo> = {
  openai: {
    label: 'OpenAI',
    capabilities: ['llm', 'stt', 'tts'],
    key: 'required',
    fields: ['model', 'baseUrl'],
    required: [],
    defaultBaseUrl: 'https://api.openai.com/v1',
  },
  'azure-openai': {
    label: 'Azure OpenAI',
    capabilities: ['llm'],
    key: 'required',
    fields: ['baseUrl', 'apiVersion', 'model'],
    required: ['baseUrl', 'apiVersion'],
  },
  'openai-compatible': {
    label: 'OpenAI-compatible (vLLM, Ollama…)',
    capabilities: ['llm'],
    key: 'optional',
    fields: ['baseUrl', 'model'],
    required: ['baseUrl', 'model'],
  },
  yandex: {
    label: 'Yandex Cloud (YandexGPT, SpeechKit)',
    capabilities: ['llm', 'stt', 'tts'],
    key: 'required',
    fields: ['folderId', 'model', 'baseUrl'],
    required: ['folderId'],
  },
  'azure-speech': {
    label: 'Azure Speech',
    capabilities: ['stt', 'tts'],
    key: 'required',
    fields: ['region', 'baseUrl'],
    required: [],
  },
  vosk: {
    label: 'Vosk server',
    capabilities: ['stt'],
    key: 'none',
    fields: ['baseUrl'],
    required: ['baseUrl'],
  },
};

export const DEFAULT_LLM_MODEL: Partial<Record<ProviderKind, string>> = {
  openai: 'gpt-4o-mini',
  yandex: 'yandexgpt-lite/latest',
};

export interface VoiceOption {
  id: string;
  label: string;
  /** BCP-47 ('ru-RU', 'en-US'); empty when the voice speaks any language. */
  language: string;
}

/** Voices a provider cannot list over its API (or lists only for a full account): the documented ones. */
export const STATIC_VOICES: Partial<Record<ProviderKind, VoiceOption[]>> = {
  yandex: [
    { id: 'alena', label: 'Алёна', language: 'ru-RU' },
    { id: 'filipp', label: 'Филипп', language: 'ru-RU' },
    { id: 'ermil', label: 'Ермил', language: 'ru-RU' },
    { id: 'jane', label: 'Джейн', language: 'ru-RU' },
    { id: 'omazh', label: 'Омаж', language: 'ru-RU' },
    { id: 'zahar', label: 'Захар', language: 'ru-RU' },
    { id: 'john', label: 'John', language: 'en-US' },
  ],
  openai: ['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer'].map((id) => ({
    id,
    label: id[0]!.toUpperCase() + id.slice(1),
    language: '',
  })),
};

/** The embedded voices: RHVoice's LGPL voices where it is installed (never its NC-ND ones), else espeak-ng. */
export const EMBEDDED_VOICES: VoiceOption[] = [
  { id: 'rhvoice:Anna', label: 'RHVoice Anna', language: 'ru-RU' },
  { id: 'rhvoice:Aleksandr', label: 'RHVoice Aleksandr', language: 'ru-RU' },
  { id: 'rhvoice:Elena', label: 'RHVoice Elena', language: 'ru-RU' },
  { id: 'rhvoice:Irina', label: 'RHVoice Irina', language: 'ru-RU' },
  { id: 'rhvoice:SLT', label: 'RHVoice SLT', language: 'en-US' },
  { id: 'rhvoice:Alan', label: 'RHVoice Alan', language: 'en-US' },
  { id: 'rhvoice:CLB', label: 'RHVoice CLB', language: 'en-US' },
  { id: 'rhvoice:BDL', label: 'RHVoice BDL', language: 'en-US' },
  { id: 'espeak', label: 'eSpeak NG', language: '' },
];

export const STATIC_MODELS: Partial<Record<ProviderKind, { llm?: string[]; stt?: string[] }>> = {
  openai: { stt: ['whisper-1', 'gpt-4o-mini-transcribe', 'gpt-4o-transcribe'] },
  yandex: { llm: ['yandexgpt-lite/latest', 'yandexgpt/latest'], stt: ['general', 'general:rc'] },
};

export const supports = (kind: string, capability: Capability): boolean =>
  (PROVIDER_CATALOG[kind as ProviderKind]?.capabilities ?? []).includes(capability);
