import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents, started } from '../../testing/build-flow';
import { setVariableNode } from './set-variable.node.js';

describe('set_variable node', () => {
  it('needs at least one assignment', () => {
    expect(setVariableNode.dataSchema.safeParse({ assignments: [] }).success).toBe(false);
  });

  it('assigns text and expressions in order and records each change', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        [
          'set',
          'set_variable',
          {
            assignments: [
              { variable: 'count', mode: 'expression', value: 'count + 1' },
              { variable: 'label', value: 'попытка {{count}}' },
              { variable: 'broken', mode: 'expression', value: 'nope(' },
            ],
          },
        ],
        ['bye', 'end'],
      ],
      [
        ['start', 'next', 'set'],
        ['set', 'next', 'bye'],
      ],
      { variables: [{ name: 'count', type: 'number', default: 1 }] },
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.state.variables).toMatchObject({ count: 2, label: 'попытка 2' });
    expect(turn?.state.variables).not.toHaveProperty('broken');
    expect(turn?.trace.variableChanges).toEqual([
      { name: 'count', before: 1, after: 2, nodeId: 'set' },
      { name: 'label', before: null, after: 'попытка 2', nodeId: 'set' },
    ]);
    expect(turn?.trace.logs.some((log) => log.message.includes('"broken" not set'))).toBe(true);
  });
});
