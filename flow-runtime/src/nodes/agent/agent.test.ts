import { describe, expect, it } from 'vitest';
import type { LlmRequest } from '../../ports';
import { buildFlow, runEvents, said, silence, started } from '../../testing/build-flow';
import { createFakePorts } from '../../testing/fake-ports';
import { agentNode } from './agent.node.js';

const agentData = {
  goal: 'Помочь выбрать тариф',
  firstMessage: 'Здравствуйте! Чем помочь?',
  exits: [
    {
      id: 'buy',
      condition: 'абонент хочет подключить тариф',
      examples: ['хочу подключить', 'оформите тариф'],
    },
  ],
  knowledgeBaseIds: ['kb'],
  tools: ['get_balance'],
  maxTurns: 2,
  maxNoInput: 1,
};

const flow = (connectError = false) =>
  buildFlow(
    [
      ['start', 'start'],
      ['agent', 'agent', agentData],
      ['buy', 'end', { message: 'Оформляю.', disposition: 'sale' }],
      ['limit', 'end', { disposition: 'max_turns' }],
      ['quiet', 'end', { disposition: 'no_input' }],
      ['broken', 'end', { disposition: 'llm_error' }],
    ],
    [
      ['start', 'next', 'agent'],
      ['agent', 'buy', 'buy'],
      ['agent', 'max_turns', 'limit'],
      ['agent', 'no_input', 'quiet'],
      ...(connectError ? ([['agent', 'error', 'broken']] as [string, string, string][]) : []),
    ],
    {
      tools: [
        {
          name: 'get_balance',
          description: 'Баланс абонента',
          parameters: { type: 'object', properties: {} },
        },
      ],
      knowledgeBases: [{ id: 'kb', name: 'Тарифы' }],
      settings: { providerTimeoutMs: 30 },
    },
  );

describe('agent node', () => {
  it('exposes exits plus max_turns, no_input and an optional error port', () => {
    const data = agentNode.dataSchema.parse(agentData);
    expect(agentNode.ports(data).map((port) => port.id)).toEqual(['buy', 'max_turns', 'no_input', 'error']);
    expect(
      agentNode.dataSchema.safeParse({ ...agentData, exits: [{ id: 'error', condition: 'x' }] }).success,
    ).toBe(false);
  });

  it('with an LLM: sends goal, knowledge, exits and tools; speaks the answer; records tokens', async () => {
    const ports = createFakePorts({
      llm: [{ text: 'Тариф «Базовый» стоит 300 рублей.', promptTokens: 120, completionTokens: 15 }],
      knowledge: [
        { id: 'c', text: 'Базовый тариф: 300 ₽/мес.', score: 0.9, source: { id: 's', title: 'Тарифы' } },
      ],
    });
    const [first, second] = await runEvents(flow(), [started, said('сколько стоит базовый?')], ports);
    expect(first?.commands.map((command) => command.type)).toEqual(['say', 'listen']);
    expect(second?.commands).toMatchObject([
      { type: 'say', text: 'Тариф «Базовый» стоит 300 рублей.' },
      { type: 'listen' },
    ]);
    const request = ports.calls.llm[0] as Omit<LlmRequest, 'signal'>;
    expect(request.messages[0]?.content).toContain('Помочь выбрать тариф');
    expect(request.messages[0]?.content).toContain('Базовый тариф: 300 ₽/мес.');
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: 'сколько стоит базовый?' });
    expect(request.functions?.map((fn) => fn.name)).toEqual(['exit_buy', 'get_balance']);
    expect(second?.trace.llmCalls[0]).toMatchObject({
      model: 'fake-model',
      promptTokens: 120,
      completionTokens: 15,
      ok: true,
    });
  });

  it('with an LLM: leaves through the exit the model calls', async () => {
    const [, turn] = await runEvents(flow(), [started, said('подключайте')], {
      llm: [{ toolCalls: [{ name: 'exit_buy' }] }],
    });
    expect(turn?.commands).toMatchObject([
      { type: 'say', text: 'Оформляю.' },
      { type: 'hangup', disposition: 'sale' },
    ]);
  });

  it('LLM failure: takes the error port when connected, otherwise the embedded NLU answers', async () => {
    const [, withPort] = await runEvents(flow(true), [started, said('что есть?')], { llm: 'fail' });
    expect(withPort?.commands).toEqual([{ type: 'hangup', disposition: 'llm_error' }]);
    const [, withoutPort] = await runEvents(flow(false), [started, said('хочу подключить тариф')], {
      llm: 'hang',
    });
    expect(withoutPort?.commands.at(-1)).toEqual({ type: 'hangup', disposition: 'sale' });
    expect(withoutPort?.trace.llmCalls[0]).toMatchObject({ ok: false });
  });

  it('without an LLM: exits by example phrases, otherwise answers from knowledge or says it does not know', async () => {
    const [, exit] = await runEvents(flow(), [started, said('хочу подключить')]);
    expect(exit?.commands.at(-1)).toEqual({ type: 'hangup', disposition: 'sale' });
    // Its knowledge has nothing on it: it says so and offers a person rather than guessing.
    const [, unknown] = await runEvents(flow(), [started, said('ну не знаю')]);
    expect(unknown?.commands).toMatchObject([
      { type: 'say', text: expect.stringContaining('Соединить вас с сотрудником') },
      { type: 'listen' },
    ]);
  });

  it('leaves through max_turns and no_input', async () => {
    const talk = await runEvents(flow(), [started, said('раз'), said('два'), said('три')]);
    expect(talk.at(-1)?.commands).toEqual([{ type: 'hangup', disposition: 'max_turns' }]);
    const quiet = await runEvents(flow(), [started, silence, silence]);
    expect(quiet[1]?.commands).toMatchObject([{ type: 'say', text: 'Вы меня слышите?' }, { type: 'listen' }]);
    expect(quiet[2]?.commands).toEqual([{ type: 'hangup', disposition: 'no_input' }]);
  });
});
