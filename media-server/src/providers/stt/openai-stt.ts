import { toFile } from 'openai';
import { z } from 'zod';
import { encodeWav } from '../../audio/wav';
import { startDeadline } from '#server/providers/deadline';
import { createOpenAiAudioClient, type FetchLike } from '#server/providers/llm/openai-client';
import { mapLlmError } from '#server/providers/llm/llm-errors';
import { ProviderError } from '#server/providers/provider-error';
import { startBufferedSession } from './buffered-session';
import type { SttProvider, SttStartOptions } from './stt-provider';

export const openAiSttConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1'),
  apiKey: z.string().min(1),
  model: z.string().min(1).default('whisper-1'),
  timeoutMs: z.number().int().positive().default(15_000),
});
export type OpenAiSttConfig = z.input<typeof openAiSttConfigSchema>;

const verboseSchema = z.object({
  text: z.string(),
  language: z.string().optional(),
  duration: z.number().optional(),
  segments: z
    .array(z.object({ start: z.number(), end: z.number(), avg_logprob: z.number().optional() }))
    .optional(),
});

/**
 * OpenAI `audio.transcriptions.create` on a WAV built from the buffered PCM. whisper-1 answers
 * verbose_json (segments with avg_logprob -> confidence); the gpt-4o transcribe models only plain json.
 */
export function createOpenAiStt(
  configInput: OpenAiSttConfig,
  options: { fetch?: FetchLike } = {},
): SttProvider {
  const config = openAiSttConfigSchema.parse(configInput);
  const client = createOpenAiAudioClient(config, options.fetch);
  const verbose = config.model === 'whisper-1';
  return {
    id: 'openai',
    streaming: false,
    start(startOptions: SttStartOptions) {
      return startBufferedSession('openai-stt', startOptions, 600, async (pcm, signal) => {
        const deadline = startDeadline(config.timeoutMs, signal);
        try {
          const file = await toFile(encodeWav(pcm, startOptions.sampleRate), 'utterance.wav', {
            type: 'audio/wav',
          });
          const raw: unknown = await client.audio.transcriptions.create(
            {
              file,
              model: config.model,
              language: startOptions.language.split('-')[0] ?? startOptions.language,
              ...(startOptions.hints?.length ? { prompt: startOptions.hints.join(', ') } : {}),
              response_format: verbose ? 'verbose_json' : 'json',
            },
            { signal: deadline.signal },
          );
          const parsed = verboseSchema.safeParse(raw);
          if (!parsed.success)
            throw new ProviderError('openai-stt', 'bad_response', 'unexpected transcription body', {
              retryable: false,
            });
          const { text, segments, duration } = parsed.data;
          const logprobs = (segments ?? [])
            .map((s) => s.avg_logprob)
            .filter((v): v is number => v !== undefined);
          const confidence = logprobs.length
            ? Math.exp(logprobs.reduce((a, b) => a + b, 0) / logprobs.length)
            : undefined;
          return {
            text: text.trim(),
            language: startOptions.language,
            ...(confidence !== undefined ? { confidence } : {}),
            startMs: 0,
            endMs: (duration ?? pcm.length / startOptions.sampleRate) * 1000,
          };
        } catch (error) {
          throw mapLlmError('openai-stt', error, deadline);
        } finally {
          deadline.dispose();
        }
      });
    },
  };
}
