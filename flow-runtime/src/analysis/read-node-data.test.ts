import { describe, expect, it } from 'vitest';
import type { FlowInput } from '../graph/flow-schema';
import { parseFlowOrThrow } from '../graph/parse-flow';
import { askNode } from '../nodes/ask/ask.node.js';
import { nodeDefinitionsByType } from '../nodes/definitions';
import { routerNode } from '../nodes/router/router.node.js';
import { expectedPhrases } from './expected-phrases';
import { collectFlowVariables } from './flow-variables';
import { isRepaired, isStandIn, readNodeData } from './read-node-data';

const half = (nodes: FlowInput['nodes']): FlowInput => ({ schemaVersion: 2, nodes });

describe('readNodeData', () => {
  it('parses valid data with its schema, defaults applied, nothing repaired', () => {
    expect(readNodeData(askNode.dataSchema, { prompt: 'Name?', variable: 'name' })).toMatchObject({
      data: { prompt: 'Name?', variable: 'name', slotType: 'free_text', choices: [] },
      repaired: [],
    });
  });

  it('stands in for what a half-made node lacks and says where', () => {
    const read = readNodeData(askNode.dataSchema, { variable: 'name', slotType: 'bogus' });
    expect(read?.repaired.sort()).toEqual(['prompt', 'slotType']);
    expect(read?.data).toMatchObject({ variable: 'name', slotType: 'number' });
    expect(isStandIn((read?.data as { prompt: string }).prompt)).toBe(true);
    const router = readNodeData(routerNode.dataSchema, { mode: 'intent' });
    expect(router?.repaired).toContain('routes');
    expect(isRepaired('routes.0.examples', router?.repaired ?? [])).toBe(true);
    expect(isRepaired('input', router?.repaired ?? [])).toBe(false);
  });
});

describe('analyses over half-made nodes', () => {
  it("keeps what the user wrote and ignores the stand-ins' values", () => {
    const variables = collectFlowVariables(
      half([
        { id: 'a', type: 'ask', data: { variable: 'city' } },
        { id: 'b', type: 'ask', data: { prompt: 'Hi {{name}}', variable: '1bad' } },
        { id: 'r', type: 'router', data: { mode: 'intent' } },
      ]),
      nodeDefinitionsByType,
    );
    const names = variables.map((variable) => variable.name);
    expect(variables.find((variable) => variable.name === 'city')?.setBy).toEqual([
      { nodeId: 'a', nodeType: 'ask', field: 'variable', kind: 'ask' },
    ]);
    expect(names).not.toContain('1bad');
    expect(names).not.toContain('x');
    expect(variables.find((variable) => variable.name === 'name')?.usedBy).toEqual([
      { nodeId: 'b', nodeType: 'ask', field: 'prompt', kind: 'template' },
    ]);
    expect(variables.find((variable) => variable.name === 'last_utterance')?.usedBy).toEqual([
      { nodeId: 'r', nodeType: 'router', field: 'input', kind: 'input' },
    ]);
  });

  it('reads each data object once, and sees an edit or a copied node as new', () => {
    const data = { prompt: 'Hi', variable: 'first' };
    const setters = (flow: FlowInput) =>
      collectFlowVariables(flow, nodeDefinitionsByType).flatMap((variable) =>
        variable.setBy.map((site) => `${site.nodeId}:${variable.name}`),
      );
    expect(setters(half([{ id: 'a', type: 'ask', data }]))).toEqual(['a:first']);
    expect(setters(half([{ id: 'a', type: 'ask', data: { ...data, variable: 'second' } }]))).toEqual([
      'a:second',
    ]);
    expect(setters(half([{ id: 'copy', type: 'ask', data }]))).toEqual(['copy:first']);
  });

  it('lists no stand-in as a phrase', () => {
    const flow = parseFlowOrThrow({
      schemaVersion: 2,
      nodes: [{ id: 'a', type: 'ask', data: { slotType: 'choice', choices: [{ synonyms: ['red one'] }] } }],
      settings: {
        globalHandlers: {
          operator: { enabled: false },
          stopCalling: { enabled: false },
          repeat: { enabled: false },
        },
      },
    });
    expect(expectedPhrases(flow, nodeDefinitionsByType)).toEqual({ phrases: ['red one'], numbers: false });
  });
});
