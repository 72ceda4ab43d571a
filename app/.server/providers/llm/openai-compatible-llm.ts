import type { LlmPort, LlmRequest, LlmResponse } from '#flow-runtime/ports';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { createLogger } from '../../logger';
import { startDeadline } from '../deadline';
import { ProviderError } from '../provider-error';
import { chatChunkSchema } from './chat-chunk-schema';
import { toChatMessages, toChatTools } from './chat-messages';
import { llmConfigSchema, type LlmConfigInput } from './llm-config';
import { mapLlmError } from './llm-errors';
import { createOpenAiClient, resolveModelName, type FetchLike } from './openai-client';
import { ToolCallAssembler } from './tool-call-assembler';

const log = createLogger('llm');

export interface OpenAiCompatibleLlmOptions {
  /** Route requests through another fetch, e.g. the SSRF-guarded one for user-supplied base URLs. */
  fetch?: FetchLike;
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number;
}

/**
 * LlmPort over any OpenAI-compatible chat completions endpoint. Always streams: the media server starts
 * TTS on the first sentence, and first-token latency is a figure we report per turn.
 */
export function createOpenAiCompatibleLlm(
  configInput: LlmConfigInput,
  options: OpenAiCompatibleLlmOptions = {},
): LlmPort {
  const config = llmConfigSchema.parse(configInput);
  const client = createOpenAiClient(config, options.fetch);
  const now = options.now ?? (() => performance.now());
  const provider = config.kind;

  return {
    async complete(request: LlmRequest): Promise<LlmResponse> {
      const model = resolveModelName(config, request.model);
      const tools = toChatTools(request.functions);
      const useCompletionTokens = config.kind === 'openai' || config.kind === 'azure-openai';
      const body: ChatCompletionCreateParamsStreaming = {
        model,
        messages: toChatMessages(request.messages),
        stream: true,
        stream_options: { include_usage: true },
        ...(tools ? { tools } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        // OpenAI's newer models refuse max_tokens; most compatible servers only know max_tokens.
        ...(request.maxTokens !== undefined
          ? useCompletionTokens
            ? { max_completion_tokens: request.maxTokens }
            : { max_tokens: request.maxTokens }
          : {}),
      };

      const deadline = startDeadline(config.timeoutMs, request.signal);
      const started = now();
      let firstTokenMs: number | undefined;
      let text = '';
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      let reportedModel: string | undefined;
      const assembler = new ToolCallAssembler();
      try {
        const stream = await client.chat.completions.create(body, { signal: deadline.signal });
        for await (const raw of stream) {
          const parsed = chatChunkSchema.safeParse(raw);
          if (!parsed.success) {
            throw new ProviderError(provider, 'bad_response', `unexpected chunk: ${parsed.error.message}`, {
              retryable: false,
            });
          }
          const chunk = parsed.data;
          if (chunk.model) reportedModel = chunk.model;
          if (chunk.usage) usage = chunk.usage;
          for (const choice of chunk.choices) {
            const delta = choice.delta;
            if (!delta) continue;
            if (delta.content) {
              firstTokenMs ??= now() - started;
              text += delta.content;
              request.onTextDelta?.(delta.content);
            }
            for (const toolDelta of delta.tool_calls ?? []) {
              firstTokenMs ??= now() - started;
              assembler.add(toolDelta);
            }
          }
        }
        // The SDK ends iteration quietly when the signal fires mid-stream; a cut-off answer is not an answer.
        if (deadline.signal.aborted) throw deadline.signal.reason;
      } catch (error) {
        const mapped = mapLlmError(provider, error, deadline);
        log.warn({ provider, code: mapped.code, status: mapped.status, model }, 'llm request failed');
        throw mapped;
      } finally {
        deadline.dispose();
      }

      const toolCalls = assembler.finish();
      if (text === '' && toolCalls.length === 0) {
        throw new ProviderError(provider, 'bad_response', 'stream ended without text or tool calls', {
          retryable: true,
        });
      }
      return {
        text,
        toolCalls,
        usage: {
          model: reportedModel ?? model,
          // Some compatible servers ignore include_usage; zero says "unknown" and the cost engine estimates.
          promptTokens: usage?.prompt_tokens ?? 0,
          completionTokens: usage?.completion_tokens ?? 0,
        },
        ...(firstTokenMs !== undefined ? { firstTokenMs: Math.round(firstTokenMs) } : {}),
      };
    },
  };
}
