import { z } from 'zod';
import type { FetchLike } from '#server/providers/llm/openai-client';
import { providerRequest, streamBody } from '#server/providers/provider-http';
import { yandexAuthHeader, yandexAuthSchema } from '#server/providers/yandex-auth';
import { pcmChunks } from './pcm-stream';
import { billableCharacters, type TtsProvider, type TtsRequest } from './tts-provider';

export const yandexTtsConfigSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).default('https://tts.api.cloud.yandex.net'),
  auth: yandexAuthSchema,
  folderId: z.string().min(1).optional(),
  voices: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
});
export type YandexTtsConfig = z.input<typeof yandexTtsConfigSchema>;

const DEFAULT_VOICES: Record<string, string> = {
  'ru-RU': 'alena',
  'en-US': 'john',
  'kk-KK': 'amira',
  'uz-UZ': 'nigora',
};

/**
 * Yandex SpeechKit v1 REST synthesis (`POST /speech/v1/tts:synthesize`, form-encoded). lpcm comes back as
 * raw 16-bit LE mono at 8000, 16000 or 48000 Hz; 22050 / 24000 are made from 48000.
 */
export function createYandexTts(
  configInput: YandexTtsConfig,
  options: { fetch?: FetchLike } = {},
): TtsProvider {
  const config = yandexTtsConfigSchema.parse(configInput);
  const voices = { ...DEFAULT_VOICES, ...config.voices };
  return {
    id: 'yandex',
    async *synthesize(request: TtsRequest) {
      const providerRate =
        request.sampleRate === 8000 || request.sampleRate === 16000 ? request.sampleRate : 48000;
      const form = new URLSearchParams({
        text: request.text,
        lang: request.language,
        voice: request.voice ?? voices[request.language] ?? 'alena',
        format: 'lpcm',
        sampleRateHertz: String(providerRate),
      });
      if (config.folderId) form.set('folderId', config.folderId);
      if (request.speed && request.speed !== 1) form.set('speed', String(request.speed));
      const { response, deadline } = await providerRequest(
        `${config.endpoint.replace(/\/$/, '')}/speech/v1/tts:synthesize`,
        {
          method: 'POST',
          headers: {
            Authorization: yandexAuthHeader(config.auth),
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: form.toString(),
        },
        {
          provider: 'yandex-tts',
          timeoutMs: config.timeoutMs,
          signal: request.signal,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        },
      );
      yield* pcmChunks(streamBody('yandex-tts', response, deadline), providerRate, request.sampleRate);
      request.onUsage?.({ provider: 'yandex', characters: billableCharacters(request.text), cached: false });
    },
  };
}
