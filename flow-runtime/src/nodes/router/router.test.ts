import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents, said, started } from '../../testing/build-flow';
import { routerNode } from './router.node.js';

const ends = (...ids: string[]) =>
  ids.map((id): [string, string, Record<string, unknown>] => [id, 'end', { disposition: id }]);

describe('router node', () => {
  it('has a port per route plus default; route ids are unique and "default" is reserved', () => {
    const data = routerNode.dataSchema.parse({ routes: [{ id: 'a' }, { id: 'b' }] });
    expect(routerNode.ports(data).map((port) => port.id)).toEqual(['a', 'b', 'default']);
    expect(routerNode.dataSchema.safeParse({ routes: [{ id: 'a' }, { id: 'a' }] }).success).toBe(false);
    expect(routerNode.dataSchema.safeParse({ routes: [{ id: 'default' }] }).success).toBe(false);
  });

  it('takes the first route whose expression is true', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        [
          'route',
          'router',
          {
            routes: [
              { id: 'kid', expression: 'age < 18' },
              { id: 'adult', expression: 'age >= 18' },
            ],
          },
        ],
        ...ends('kid', 'adult', 'other'),
      ],
      [
        ['start', 'next', 'route'],
        ['route', 'kid', 'kid'],
        ['route', 'adult', 'adult'],
        ['route', 'default', 'other'],
      ],
      { variables: [{ name: 'age', type: 'number', default: 30 }] },
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.commands).toEqual([{ type: 'hangup', disposition: 'adult' }]);
  });

  it('falls back to default when an expression fails, and logs why', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['route', 'router', { routes: [{ id: 'bad', expression: 'age >' }] }],
        ...ends('bad', 'other'),
      ],
      [
        ['start', 'next', 'route'],
        ['route', 'bad', 'bad'],
        ['route', 'default', 'other'],
      ],
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.commands).toEqual([{ type: 'hangup', disposition: 'other' }]);
    expect(turn?.trace.logs.some((log) => log.level === 'warn' && log.message.includes('bad'))).toBe(true);
  });

  it('routes by intent over the last utterance, using route examples and flow intents', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['ask', 'ask', { prompt: 'Чем могу помочь?', variable: 'request' }],
        [
          'route',
          'router',
          {
            mode: 'intent',
            routes: [
              { id: 'price', examples: ['сколько стоит', 'какая цена'] },
              { id: 'book', intent: 'booking' },
            ],
          },
        ],
        ...ends('price', 'book', 'other'),
      ],
      [
        ['start', 'next', 'ask'],
        ['ask', 'next', 'route'],
        ['route', 'price', 'price'],
        ['route', 'book', 'book'],
        ['route', 'default', 'other'],
      ],
      { intents: [{ name: 'booking', examples: ['хочу записаться', 'запишите меня на приём'] }] },
    );
    const [, booking] = await runEvents(flow, [started, said('хочу записаться к врачу')]);
    expect(booking?.commands.at(-1)).toEqual({ type: 'hangup', disposition: 'book' });
    const [, price] = await runEvents(flow, [started, said('а сколько стоит приём?')]);
    expect(price?.commands.at(-1)).toEqual({ type: 'hangup', disposition: 'price' });
    const [, other] = await runEvents(flow, [started, said('какая сегодня погода')]);
    expect(other?.commands.at(-1)).toEqual({ type: 'hangup', disposition: 'other' });
  });
});
