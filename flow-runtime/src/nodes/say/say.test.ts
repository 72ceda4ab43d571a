import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents, started } from '../../testing/build-flow';
import { sayNode } from './say.node.js';

describe('say node', () => {
  it('requires text', () => {
    expect(sayNode.dataSchema.safeParse({}).success).toBe(false);
    expect(sayNode.dataSchema.parse({ text: 'Hi' })).toEqual({ text: 'Hi', interruptible: true });
  });

  it('speaks rendered text; static text is marked cacheable', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['hello', 'say', { text: 'Hello!' }],
        ['personal', 'say', { text: 'Your order {{order.id}} is ready', interruptible: false }],
        ['bye', 'end'],
      ],
      [
        ['start', 'next', 'hello'],
        ['hello', 'next', 'personal'],
        ['personal', 'next', 'bye'],
      ],
      { variables: [{ name: 'order', type: 'object', default: { id: 'A-1' } }] },
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.commands.slice(0, 2)).toEqual([
      { type: 'say', text: 'Hello!', interruptible: true, cacheable: true, language: 'ru' },
      {
        type: 'say',
        text: 'Your order A-1 is ready',
        interruptible: false,
        cacheable: false,
        language: 'ru',
      },
    ]);
  });
});
