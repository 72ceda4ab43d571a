import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents, started } from '../../testing/build-flow';
import { startNode } from './start.node.js';

describe('start node', () => {
  it('has one output and is limited to one per flow', () => {
    expect(startNode.ports({}).map((port) => port.id)).toEqual(['next']);
    expect(startNode.maxPerFlow).toBe(1);
  });

  it('passes straight on to the next block', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['bye', 'end', { message: 'Bye' }],
      ],
      [['start', 'next', 'bye']],
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.trace.path.map((step) => step.nodeId)).toEqual(['start', 'bye']);
  });
});
