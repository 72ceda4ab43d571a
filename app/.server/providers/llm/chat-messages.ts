import type {
  ChatCompletionMessageParam,
  ChatCompletionFunctionTool,
} from 'openai/resources/chat/completions';
import type { LlmFunction, LlmMessage } from '#flow-runtime/ports';

/** Runtime messages -> the OpenAI wire shape. */
export function toChatMessages(messages: LlmMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return { role: 'user', content: message.content };
      case 'tool':
        return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
      case 'assistant':
        if (message.toolCalls && message.toolCalls.length > 0) {
          return {
            role: 'assistant',
            // OpenAI rejects an empty string next to tool_calls on some models; null is the documented form.
            content: message.content === '' ? null : message.content,
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          };
        }
        return { role: 'assistant', content: message.content };
    }
  });
}

export function toChatTools(functions: LlmFunction[] | undefined): ChatCompletionFunctionTool[] | undefined {
  if (!functions || functions.length === 0) return undefined;
  return functions.map((fn) => ({
    type: 'function',
    function: { name: fn.name, description: fn.description, parameters: fn.parameters },
  }));
}
