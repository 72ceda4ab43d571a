import { describe, expect, it } from 'vitest';
import { globalHandlersSchema } from '../graph/flow-settings';
import { buildFlow, runEvents, said, started } from '../testing/build-flow';
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
});
