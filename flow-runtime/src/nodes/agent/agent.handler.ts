import { pick } from '../../i18n';
import { builtInPrompts } from '../../runtime/built-in-prompts';
import type { NodeHandler, StepResult } from '../../runtime/step';
import { readAgentMemory, toJson } from './agent-memory';
import type { AgentData } from './agent.node.js';
import type { AgentReply } from './agent-reply';
import { answerWithLlm } from './answer-with-llm';
import { answerWithNlu } from './answer-with-nlu';

export const handleAgent: NodeHandler<AgentData> = async (node, ctx) => {
  const data = node.data;
  const event = ctx.event;
  if (event === null) {
    // Reached right after the caller spoke (an Ask, then a Router): answer that instead of asking again.
    const question = ctx.turnUtterance?.trim();
    const logs: NonNullable<StepResult['logs']> = [];
    if (question) {
      const fresh = { turns: 0, noInput: 0, history: [] };
      let first: AgentReply = ctx.ports.llm
        ? await answerWithLlm(data, ctx, question, fresh)
        : await answerWithNlu(data, ctx, question);
      const byModel = Boolean(ctx.ports.llm) && first.kind !== 'failed';
      if (first.kind === 'failed') {
        // As on any later turn: a connected `error` port is the author's choice, else the embedded NLU answers.
        logs.push({ level: 'warn', nodeId: node.id, message: `agent model failed: ${first.error}` });
        if (ctx.flow.target(node.id, 'error'))
          return { outcome: 'next', port: 'error', patch: { memory: null }, logs };
        first = await answerWithNlu(data, ctx, question);
      }
      if (first.kind === 'say' && (first.answered || (byModel && !first.offeredPerson))) {
        return {
          outcome: 'wait',
          commands: [...ctx.say(first.text), ctx.listen()],
          logs,
          patch: {
            memory: toJson({
              turns: 1,
              noInput: 0,
              history: [
                { role: 'user', content: question },
                { role: 'assistant', content: first.text },
              ],
            }),
          },
        };
      }
    }
    const opening = ctx.render(data.firstMessage);
    return {
      outcome: 'wait',
      commands: [...ctx.say(opening, { cacheable: !data.firstMessage.includes('{{') }), ctx.listen()],
      ...(logs.length > 0 ? { logs } : {}),
      patch: {
        memory: toJson({
          turns: 0,
          noInput: 0,
          history: opening ? [{ role: 'assistant', content: opening }] : [],
        }),
      },
    };
  }
  const memory = readAgentMemory(ctx.memory);

  if (event.type === 'silence') {
    if (memory.noInput + 1 > data.maxNoInput)
      return { outcome: 'next', port: 'no_input', patch: { memory: null } };
    const prompt = data.noInputPrompt
      ? ctx.render(data.noInputPrompt)
      : pick(builtInPrompts.noInput, ctx.language);
    return {
      outcome: 'wait',
      commands: [...ctx.say(prompt), ctx.listen()],
      patch: { memory: toJson({ ...memory, noInput: memory.noInput + 1 }) },
    };
  }

  const text = event.type === 'utterance' ? event.text : event.type === 'dtmf' ? event.digits : '';
  if (memory.turns + 1 > data.maxTurns)
    return { outcome: 'next', port: 'max_turns', patch: { memory: null } };

  let reply: AgentReply = ctx.ports.llm
    ? await answerWithLlm(data, ctx, text, memory)
    : await answerWithNlu(data, ctx, text);
  const logs: NonNullable<StepResult['logs']> = [];
  if (reply.kind === 'failed') {
    logs.push({ level: 'warn', nodeId: node.id, message: `agent model failed: ${reply.error}` });
    // A connected `error` port is the author's choice; otherwise the embedded NLU answers so the caller
    // never hears silence.
    if (ctx.flow.target(node.id, 'error'))
      return { outcome: 'next', port: 'error', patch: { memory: null }, logs };
    reply = await answerWithNlu(data, ctx, text);
  }
  if (reply.kind === 'exit') {
    return {
      outcome: 'next',
      port: reply.port,
      commands: ctx.say(reply.text ?? ''),
      patch: { memory: null },
      logs,
    };
  }
  if (reply.kind === 'failed') return { outcome: 'next', port: 'error', patch: { memory: null }, logs };
  const history = [
    ...memory.history,
    { role: 'user' as const, content: text },
    { role: 'assistant' as const, content: reply.text },
  ];
  return {
    outcome: 'wait',
    commands: [...ctx.say(reply.text), ctx.listen()],
    patch: {
      memory: toJson({
        turns: memory.turns + 1,
        noInput: 0,
        history,
        ...(reply.offeredPerson ? { offeredPerson: true } : {}),
      }),
    },
    logs,
  };
};
