import { z } from 'zod';

/**
 * The part of an OpenAI `chat.completion.chunk` we rely on. Compatible servers (vLLM, Ollama, YandexGPT)
 * differ in what else they send and in using null vs omission, so everything optional is nullish.
 */
const toolCallDeltaSchema = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z
    .object({
      name: z.string().nullish(),
      arguments: z.string().nullish(),
    })
    .nullish(),
});

export const chatChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z.array(
    z.object({
      index: z.number().int().nonnegative().optional(),
      delta: z
        .object({
          content: z.string().nullish(),
          tool_calls: z.array(toolCallDeltaSchema).nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
    })
    .nullish(),
});

export type ChatChunk = z.infer<typeof chatChunkSchema>;
export type ToolCallDelta = z.infer<typeof toolCallDeltaSchema>;
