import { describe, expect, it } from 'vitest';
import { flowSchemaV2 } from '../graph/flow-schema';
import { nodeDefinitionsByType } from '../nodes/definitions';
import { checkNodes } from './check-nodes';
import { checkPaths } from './check-paths';
import type { Issue } from './issue';

/** Start, then `says` Say blocks in a line whose last block leads back to the first: one silent loop. */
function silentLoop(says: number) {
  const nodes = [
    { id: 'start', type: 'start', data: {} },
    ...Array.from({ length: says }, (_, i) => ({ id: `s${i}`, type: 'say', data: { text: `${i}` } })),
  ];
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: node.id }));
  edges.push({ id: 'back', source: `s${says - 1}`, target: 's0' });
  // Parsed by the schema alone: the size cap of parseFlow is not what this test is about.
  return flowSchemaV2.parse({ schemaVersion: 2, nodes, edges });
}

function paths(flow: ReturnType<typeof silentLoop>) {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  checkPaths(checkNodes(flow, errors, nodeDefinitionsByType), errors, warnings);
  return { errors, warnings };
}

describe('checkPaths', () => {
  it('finds a silent loop 50,000 blocks deep without recursion', () => {
    const { errors, warnings } = paths(silentLoop(50_000));
    expect(errors.map((e) => [e.code, e.nodeId])).toEqual([['loop_without_listening', 's0']]);
    expect(warnings).toEqual([]);
  });

  it('names each loop once, in walk order, and a block looping on itself', () => {
    const flow = flowSchemaV2.parse({
      schemaVersion: 2,
      nodes: [
        { id: 'start', type: 'start', data: {} },
        { id: 'a', type: 'say', data: { text: 'a' } },
        { id: 'b', type: 'say', data: { text: 'b' } },
        { id: 'c', type: 'say', data: { text: 'c' } },
        { id: 'self', type: 'say', data: { text: 'self' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { id: 'e3', source: 'b', target: 'c' },
        { id: 'e4', source: 'c', target: 'a' },
        { id: 'e5', source: 'c', sourceHandle: 'other', target: 'self' },
        { id: 'e6', source: 'self', target: 'self' },
      ],
    });
    const loops = paths(flow).errors.filter((e) => e.code === 'loop_without_listening');
    expect(loops.map((e) => e.message.en.split(': ')[1]?.split('.')[0])).toEqual(['self', 'a → b → c']);
  });
});
