import { z } from 'zod';
import type { FetchLike } from '#server/providers/llm/openai-client';
import { providerRequest, streamBody } from '#server/providers/provider-http';
import { pcmChunks } from './pcm-stream';
import { buildSsml } from './ssml';
import { billableCharacters, type TtsProvider, type TtsRequest, type TtsSampleRate } from './tts-provider';

export const azureTtsConfigSchema = z.object({
  /** e.g. https://westeurope.tts.speech.microsoft.com (the region's TTS host). */
  endpoint: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1),
  voices: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
});
export type AzureTtsConfig = z.input<typeof azureTtsConfigSchema>;

const DEFAULT_VOICES: Record<string, string> = {
  'ru-RU': 'ru-RU-SvetlanaNeural',
  'en-US': 'en-US-JennyNeural',
  'en-GB': 'en-GB-SoniaNeural',
};

/** Azure's raw PCM output formats: every rate we serve is native, so no resampling is needed. */
const OUTPUT_FORMAT: Record<TtsSampleRate, string> = {
  8000: 'raw-8khz-16bit-mono-pcm',
  16000: 'raw-16khz-16bit-mono-pcm',
  22050: 'raw-22050hz-16bit-mono-pcm',
  24000: 'raw-24khz-16bit-mono-pcm',
};

/** Azure Speech text-to-speech over its REST API (POST /cognitiveservices/v1 with SSML). */
export function createAzureTts(
  configInput: AzureTtsConfig,
  options: { fetch?: FetchLike } = {},
): TtsProvider {
  const config = azureTtsConfigSchema.parse(configInput);
  const voices = { ...DEFAULT_VOICES, ...config.voices };
  return {
    id: 'azure',
    async *synthesize(request: TtsRequest) {
      const voice = request.voice ?? voices[request.language] ?? DEFAULT_VOICES['en-US']!;
      const { response, deadline } = await providerRequest(
        `${config.endpoint.replace(/\/$/, '')}/cognitiveservices/v1`,
        {
          method: 'POST',
          headers: {
            'Ocp-Apim-Subscription-Key': config.apiKey,
            'Content-Type': 'application/ssml+xml',
            'X-Microsoft-OutputFormat': OUTPUT_FORMAT[request.sampleRate],
            'User-Agent': 'voice-platform',
          },
          body: buildSsml(request.text, request.language, voice, request.speed),
        },
        {
          provider: 'azure-tts',
          timeoutMs: config.timeoutMs,
          signal: request.signal,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        },
      );
      yield* pcmChunks(streamBody('azure-tts', response, deadline), request.sampleRate, request.sampleRate);
      request.onUsage?.({ provider: 'azure', characters: billableCharacters(request.text), cached: false });
    },
  };
}
