import type { LlmFunction, LlmMessage } from '../../ports';
import { toJsonValue, type JsonValue } from '../../json';
import type { StepContext } from '../../runtime/step';
import type { AgentMemory } from './agent-memory';
import type { AgentData } from './agent.node.js';
import type { AgentReply } from './agent-reply';

/** Tool rounds per caller utterance: the model may look something up, then must answer or exit. */
const MAX_TOOL_ROUNDS = 3;
const EXIT_PREFIX = 'exit_';

function systemPrompt(data: AgentData, ctx: StepContext, knowledge: string[]): string {
  const lines = [
    `Goal: ${ctx.render(data.goal)}`,
    data.prompt ? ctx.render(data.prompt) : '',
    `Reply in ${ctx.language === 'ru' ? 'Russian' : 'English'}, briefly: your words are spoken on a phone call.`,
    data.exits.length > 0
      ? `When one of these conditions is met, call its function: ${data.exits.map((exit) => `${EXIT_PREFIX}${exit.id} (${exit.condition})`).join('; ')}.`
      : '',
    knowledge.length > 0 ? `Reference material:\n${knowledge.map((text) => `- ${text}`).join('\n')}` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

function functionsFor(data: AgentData, ctx: StepContext): LlmFunction[] {
  const exits = data.exits.map((exit) => ({
    name: `${EXIT_PREFIX}${exit.id}`,
    description: exit.condition,
    parameters: { type: 'object', properties: {} },
  }));
  const tools = data.tools.flatMap((name) => {
    const tool = ctx.flow.tools.get(name);
    return tool ? [{ name: tool.name, description: tool.description, parameters: tool.parameters }] : [];
  });
  return [...exits, ...tools];
}

function parseArguments(text: string): Record<string, JsonValue> {
  try {
    const value = toJsonValue(JSON.parse(text));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

export async function answerWithLlm(
  data: AgentData,
  ctx: StepContext,
  text: string,
  memory: AgentMemory,
): Promise<AgentReply> {
  let knowledge: string[] = [];
  if (data.knowledgeBaseIds.length > 0) {
    const search = await ctx.searchKnowledge(text, data.knowledgeBaseIds, 3, data.timeoutMs);
    if (search.ok) knowledge = search.value.map((chunk) => chunk.text);
  }
  const messages: LlmMessage[] = [
    { role: 'system', content: systemPrompt(data, ctx, knowledge) },
    ...memory.history,
    { role: 'user', content: text },
  ];
  const functions = functionsFor(data, ctx);
  const exitIds = new Set(data.exits.map((exit) => exit.id));

  for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
    const call = await ctx.completeLlm(
      {
        messages,
        ...(functions.length > 0 ? { functions } : {}),
        ...(data.model ? { model: data.model } : {}),
        ...(data.temperature !== undefined ? { temperature: data.temperature } : {}),
      },
      data.timeoutMs,
    );
    if (!call.ok) return { kind: 'failed', error: call.error };
    const response = call.value;
    const exitCall = response.toolCalls.find(
      (toolCall) =>
        toolCall.name.startsWith(EXIT_PREFIX) && exitIds.has(toolCall.name.slice(EXIT_PREFIX.length)),
    );
    if (exitCall) {
      const port = exitCall.name.slice(EXIT_PREFIX.length);
      return response.text.trim() ? { kind: 'exit', port, text: response.text } : { kind: 'exit', port };
    }
    const toolCalls = response.toolCalls.filter((toolCall) => data.tools.includes(toolCall.name));
    if (toolCalls.length === 0) {
      return response.text.trim()
        ? { kind: 'say', text: response.text.trim() }
        : { kind: 'failed', error: 'empty answer' };
    }
    messages.push({ role: 'assistant', content: response.text, toolCalls });
    for (const toolCall of toolCalls) {
      const outcome = await ctx.invokeTool(toolCall.name, parseArguments(toolCall.arguments));
      messages.push({
        role: 'tool',
        toolCallId: toolCall.id,
        content: JSON.stringify(
          outcome.ok ? { result: toJsonValue(outcome.result) } : { error: outcome.error },
        ),
      });
    }
  }
  return { kind: 'failed', error: `no answer after ${MAX_TOOL_ROUNDS} tool rounds` };
}
