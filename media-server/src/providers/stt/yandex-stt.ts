import { z } from 'zod';
import { int16ToLeBytes } from '../../audio/pcm';
import type { FetchLike } from '#server/providers/llm/openai-client';
import { ProviderError } from '#server/providers/provider-error';
import { providerRequest, readBody } from '#server/providers/provider-http';
import { yandexAuthHeader, yandexAuthSchema } from '#server/providers/yandex-auth';
import { startBufferedSession } from './buffered-session';
import type { SttProvider, SttStartOptions } from './stt-provider';

export const yandexSttConfigSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).default('https://stt.api.cloud.yandex.net'),
  auth: yandexAuthSchema,
  folderId: z.string().min(1).optional(),
  topic: z.string().min(1).default('general'),
  timeoutMs: z.number().int().positive().default(10_000),
});
export type YandexSttConfig = z.input<typeof yandexSttConfigSchema>;

const responseSchema = z.object({ result: z.string() });

/**
 * Yandex SpeechKit v1 synchronous recognition (`POST /speech/v1/stt:recognize`): raw LPCM in the body,
 * parameters in the query, `{"result": "..."}` back. For short utterances only: the API takes up to 30 s
 * and 1 MB, so it is not streaming; results come on end().
 */
export function createYandexStt(
  configInput: YandexSttConfig,
  options: { fetch?: FetchLike } = {},
): SttProvider {
  const config = yandexSttConfigSchema.parse(configInput);
  return {
    id: 'yandex',
    streaming: false,
    start(startOptions: SttStartOptions) {
      return startBufferedSession('yandex-stt', startOptions, 30, async (pcm, signal) => {
        const query = new URLSearchParams({
          topic: config.topic,
          lang: startOptions.language,
          format: 'lpcm',
          sampleRateHertz: String(startOptions.sampleRate),
        });
        if (config.folderId) query.set('folderId', config.folderId);
        const { response, deadline } = await providerRequest(
          `${config.endpoint.replace(/\/$/, '')}/speech/v1/stt:recognize?${query.toString()}`,
          {
            method: 'POST',
            headers: { Authorization: yandexAuthHeader(config.auth) },
            body: new Uint8Array(int16ToLeBytes(pcm)),
          },
          {
            provider: 'yandex-stt',
            timeoutMs: config.timeoutMs,
            signal,
            ...(options.fetch ? { fetch: options.fetch } : {}),
          },
        );
        const body: unknown = await readBody('yandex-stt', deadline, () => response.json());
        const parsed = responseSchema.safeParse(body);
        if (!parsed.success)
          throw new ProviderError('yandex-stt', 'bad_response', 'no "result" in response', {
            retryable: false,
          });
        return {
          text: parsed.data.result.trim(),
          language: startOptions.language,
          startMs: 0,
          endMs: (pcm.length / startOptions.sampleRate) * 1000,
        };
      });
    },
  };
}
