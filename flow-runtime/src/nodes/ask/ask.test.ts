import { describe, expect, it } from 'vitest';
import { buildFlow, pressed, runEvents, said, silence, started } from '../../testing/build-flow';
import { askNode } from './ask.node.js';

const askFlow = (data: Record<string, unknown>, connectFallbacks = true) =>
  buildFlow(
    [
      ['start', 'start'],
      ['ask', 'ask', { prompt: 'Сколько вам лет?', variable: 'age', slotType: 'number', ...data }],
      ['ok', 'end', { message: 'Записал: {{age}}', disposition: 'ok' }],
      ['nomatch', 'end', { disposition: 'no_match' }],
      ['noinput', 'end', { disposition: 'no_input' }],
    ],
    [
      ['start', 'next', 'ask'],
      ['ask', 'next', 'ok'],
      ...(connectFallbacks
        ? ([
            ['ask', 'no_match', 'nomatch'],
            ['ask', 'no_input', 'noinput'],
          ] as [string, string, string][])
        : []),
    ],
  );

describe('ask node', () => {
  it('offers next, no_match and no_input ports and listens', () => {
    const data = askNode.dataSchema.parse({ prompt: 'Q', variable: 'x' });
    expect(askNode.ports(data).map((port) => port.id)).toEqual(['next', 'no_match', 'no_input']);
    expect(askNode.listens(data)).toBe(true);
    expect(data).toMatchObject({
      slotType: 'free_text',
      inputModes: 'both',
      maxRetries: 2,
      allowEarlyFill: true,
    });
  });

  it('rejects an invalid pattern', () => {
    expect(
      askNode.dataSchema.safeParse({ prompt: 'Q', variable: 'x', validation: { pattern: '([' } }).success,
    ).toBe(false);
  });

  it('asks, listens, and stores a spoken answer as variable and slot', async () => {
    const [first, second] = await runEvents(askFlow({}), [started, said('мне сорок два')]);
    expect(first?.commands.map((command) => command.type)).toEqual(['say', 'listen']);
    expect(first?.state).toMatchObject({
      currentNodeId: 'ask',
      waitingFor: 'caller',
      lastPrompt: 'Сколько вам лет?',
    });
    expect(second?.state.variables.age).toBe(42);
    expect(second?.state.slots.age).toMatchObject({ value: 42, nodeId: 'ask' });
    expect(second?.trace.variableChanges).toContainEqual({
      name: 'age',
      before: null,
      after: 42,
      nodeId: 'ask',
    });
  });

  it('accepts keypad input', async () => {
    const [, second] = await runEvents(askFlow({}), [started, pressed('35#')]);
    expect(second?.state.variables.age).toBe(35);
  });

  it('reprompts on a value outside min/max, then takes no_match after the retries', async () => {
    const results = await runEvents(askFlow({ validation: { min: 18, max: 99 }, maxRetries: 1 }), [
      started,
      said('пять'),
      said('три'),
    ]);
    expect(results[1]?.commands[0]).toMatchObject({
      type: 'say',
      text: 'Извините, я не понял. Сколько вам лет?',
    });
    expect(results[1]?.commands.at(-1)?.type).toBe('listen');
    expect(results[2]?.commands).toEqual([{ type: 'hangup', disposition: 'no_match' }]);
  });

  it('uses its own no-input prompt, then the no_input port', async () => {
    const results = await runEvents(askFlow({ noInputPrompt: 'Алло?', maxRetries: 1 }), [
      started,
      silence,
      silence,
    ]);
    expect(results[1]?.commands[0]).toMatchObject({ type: 'say', text: 'Алло? Сколько вам лет?' });
    expect(results[2]?.commands).toEqual([{ type: 'hangup', disposition: 'no_input' }]);
  });

  it('checks text answers against a pattern', async () => {
    const flow = askFlow({ slotType: 'free_text', variable: 'age', validation: { pattern: '^[0-9]{4}$' } });
    const results = await runEvents(flow, [started, said('abc'), said('1234')]);
    expect(results[1]?.state.variables.age).toBeUndefined();
    expect(results[2]?.state.variables.age).toBe('1234');
  });

  it('apologises and hangs up when retries run out and no_match is not connected', async () => {
    const results = await runEvents(askFlow({ maxRetries: 0 }, false), [started, said('не знаю')]);
    expect(results[1]?.commands.map((command) => command.type)).toEqual(['say', 'hangup']);
    expect(results[1]?.commands[1]).toEqual({ type: 'hangup', disposition: 'unhandled_no_match' });
  });

  it('limits keypad digits and adds hints for choices', async () => {
    const flow = askFlow({
      slotType: 'choice',
      variable: 'age',
      choices: [
        { value: 'cardio', synonyms: ['кардиолог'] },
        { value: 'dentist', synonyms: ['стоматолог'] },
      ],
    });
    const [first, second] = await runEvents(flow, [started, pressed('2')]);
    expect(first?.commands[1]).toMatchObject({
      type: 'listen',
      dtmf: { maxDigits: 1 },
      hints: ['cardio', 'кардиолог', 'dentist', 'стоматолог'],
    });
    expect(second?.state.variables.age).toBe('dentist');
  });
});
