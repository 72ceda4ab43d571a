import { describe, expect, it } from 'vitest';
import { globalHandlersSchema } from '../graph/flow-settings';
import { buildFlow, runEvents, said, started } from '../testing/build-flow';
import { validateFlow } from '../validation/validate-flow';
import { matchGlobalHandler } from './global-handlers';

const defaults = globalHandlersSchema.parse({});

describe('global handlers', () => {
  it('recognise the built-in phrases in both languages', () => {
    expect(matchGlobalHandler('позовите оператора, пожалуйста', defaults, 'ru')).toBe('operator');
    expect(matchGlobalHandler('больше не звоните мне', defaults, 'ru')).toBe('stop_calling');
    expect(matchGlobalHandler('повторите ещё раз', defaults, 'ru')).toBe('repeat');
    expect(matchGlobalHandler('I want to talk to a human', defaults, 'en')).toBe('operator');
    expect(matchGlobalHandler('please stop calling me', defaults, 'en')).toBe('stop_calling');
  });

  it('do not fire on ordinary answers', () => {
    for (const text of ['Иван Петров', 'давайте завтра в 10:30', 'не знаю', 'перезвоните мне позже', 'раз']) {
      expect(matchGlobalHandler(text, defaults, 'ru'), text).toBeNull();
    }
    for (const text of ['call me later', 'John Smith', "I'm not sure"])
      expect(matchGlobalHandler(text, defaults, 'en'), text).toBeNull();
  });

  it('take the flow’s own phrases and can be switched off', () => {
    const custom = globalHandlersSchema.parse({
      operator: { phrases: { ru: ['дайте администратора'] } },
      repeat: { enabled: false },
    });
    expect(matchGlobalHandler('дайте администратора', custom, 'ru')).toBe('operator');
    expect(matchGlobalHandler('повторите пожалуйста', custom, 'ru')).toBeNull();
  });

  it('can send "operator" to a block of the flow instead of transferring directly', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['ask', 'ask', { prompt: 'Как вас зовут?', variable: 'name' }],
        ['human', 'transfer', { target: { kind: 'queue', value: 'vip' }, message: 'Минуту.' }],
      ],
      [['start', 'next', 'ask']],
      { settings: { globalHandlers: { operator: { targetNodeId: 'human' } } } },
    );
    const [, turn] = await runEvents(flow, [started, said('соедините с оператором')]);
    expect(turn?.commands.map((command) => command.type)).toEqual(['say', 'transfer']);
    expect(turn?.commands[1]).toMatchObject({ target: { kind: 'queue', value: 'vip' } });
  });

  it('send "a person, please" to the flow’s own Transfer block when the settings name none', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['ask', 'ask', { prompt: 'Как вас зовут?', variable: 'name' }],
        ['human', 'transfer', { target: { kind: 'queue', value: 'reception' }, message: 'Соединяю.' }],
      ],
      [['start', 'next', 'ask']],
    );
    const [, turn] = await runEvents(flow, [started, said('соедините с оператором')]);
    expect(turn?.commands.find((c) => c.type === 'transfer')).toMatchObject({
      target: { kind: 'queue', value: 'reception' },
    });
    // Reached through the handler, so not an unreachable block; and there is somewhere to go.
    const codes = validateFlow(flow).warnings.map((w) => `${w.code}:${w.nodeId ?? ''}`);
    expect(codes).not.toContain('unreachable_node:human');
    expect(codes.some((c) => c.startsWith('no_operator_target'))).toBe(false);
  });

  it('use the target set in the flow settings when the flow has no Transfer block', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['ask', 'ask', { prompt: 'Как вас зовут?', variable: 'name' }],
      ],
      [['start', 'next', 'ask']],
      { settings: { globalHandlers: { operator: { target: { kind: 'number', value: '+74951234567' } } } } },
    );
    const [, turn] = await runEvents(flow, [started, said('соедините с оператором')]);
    expect(turn?.commands.find((c) => c.type === 'transfer')).toMatchObject({
      target: { kind: 'number', value: '+74951234567' },
    });
  });

  it('never transfer to a target nobody defined: say so, keep listening, and warn at validation', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['ask', 'ask', { prompt: 'Как вас зовут?', variable: 'name' }],
      ],
      [['start', 'next', 'ask']],
    );
    const [, turn] = await runEvents(flow, [started, said('соедините с оператором')]);
    expect(turn?.commands.map((c) => c.type)).not.toContain('transfer');
    expect(turn?.commands.map((c) => c.type)).toContain('listen');
    expect(validateFlow(flow).warnings.map((w) => w.code)).toContain('no_operator_target');
  });
});
