import { z } from 'zod';
import { createOpenAiAudioClient, type FetchLike } from '#server/providers/llm/openai-client';
import { mapLlmError } from '#server/providers/llm/llm-errors';
import { startDeadline } from '#server/providers/deadline';
import { pcmChunks } from './pcm-stream';
import { billableCharacters, type TtsProvider, type TtsRequest } from './tts-provider';

export const openAiTtsConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1'),
  apiKey: z.string().min(1),
  model: z.string().min(1).default('gpt-4o-mini-tts'),
  voice: z.string().min(1).default('alloy'),
  timeoutMs: z.number().int().positive().default(15_000),
});
export type OpenAiTtsConfig = z.input<typeof openAiTtsConfigSchema>;

/** OpenAI's `pcm` response format: raw 16-bit LE mono at 24 kHz, per its docs. */
const OPENAI_PCM_RATE = 24_000;

/** OpenAI `audio.speech.create` with response_format 'pcm', streamed and resampled to the asked rate. */
export function createOpenAiTts(
  configInput: OpenAiTtsConfig,
  options: { fetch?: FetchLike } = {},
): TtsProvider {
  const config = openAiTtsConfigSchema.parse(configInput);
  const client = createOpenAiAudioClient(config, options.fetch);
  return {
    id: 'openai',
    async *synthesize(request: TtsRequest) {
      const deadline = startDeadline(config.timeoutMs, request.signal);
      try {
        const response = await client.audio.speech.create(
          {
            model: config.model,
            voice: request.voice ?? config.voice,
            input: request.text,
            response_format: 'pcm',
            ...(request.speed && request.speed !== 1 ? { speed: request.speed } : {}),
          },
          { signal: deadline.signal },
        );
        if (!response.body) return;
        yield* pcmChunks(
          response.body as unknown as AsyncIterable<Uint8Array>,
          OPENAI_PCM_RATE,
          request.sampleRate,
        );
        if (deadline.signal.aborted) throw deadline.signal.reason;
      } catch (error) {
        throw mapLlmError('openai-tts', error, deadline);
      } finally {
        deadline.dispose();
      }
      request.onUsage?.({ provider: 'openai', characters: billableCharacters(request.text), cached: false });
    },
  };
}
