import { describe, expect, it } from 'vitest';
import { generateFlow } from '#flow-runtime/testing/generated-flow';
import { autoLayout, DEFAULT_NODE_SIZE, type LayoutEdgeInput, type Position } from './auto-layout';
import { fitWithGaps } from './layout-coordinates';
import { buildLayeredGraph, countCrossings } from './layout-order';

type Box = { id: string; x: number; y: number; width: number; height: number };

function boxes(positions: Map<string, Position>, size = DEFAULT_NODE_SIZE): Box[] {
  return [...positions].map(([id, p]) => ({ id, ...p, ...size }));
}

function overlaps(list: Box[]): [string, string][] {
  const found: [string, string][] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i] as Box;
      const b = list[j] as Box;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        found.push([a.id, b.id]);
    }
  return found;
}

const at = (positions: Map<string, Position>, id: string) => positions.get(id) as Position;

/** A deterministic pseudo-random flow: a spine from Start with branches, merges and loops. */
function bigFlow(count: number) {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, type: i === 0 ? 'start' : 'say' }));
  const edges: LayoutEdgeInput[] = [];
  for (let i = 1; i < count; i++) {
    edges.push({ source: `n${Math.floor(random() * i)}`, target: `n${i}`, sourceHandle: 'next' });
    if (random() < 0.15)
      edges.push({ source: `n${i}`, target: `n${Math.floor(random() * i)}`, sourceHandle: 'no_match' });
  }
  return { nodes, edges };
}

// The studio passes the node definitions' entry (Start); these tests name it by type.
const fromStart = { isRoot: (node: { type?: string }) => node.type === 'start' };

describe('autoLayout', () => {
  it('lays a chain out left to right, or top to bottom', () => {
    const nodes = ['start', 'a', 'b'].map((id) => ({ id, type: id === 'start' ? 'start' : 'say' }));
    const edges = [
      { source: 'start', target: 'a' },
      { source: 'a', target: 'b' },
    ];
    const lr = autoLayout(nodes, edges, fromStart);
    expect(at(lr, 'start')).toEqual({ x: 0, y: 0 });
    expect(at(lr, 'a').x).toBeGreaterThan(at(lr, 'start').x + DEFAULT_NODE_SIZE.width);
    expect(at(lr, 'b').x).toBeGreaterThan(at(lr, 'a').x + DEFAULT_NODE_SIZE.width);
    expect(new Set([...lr.values()].map((p) => p.y))).toEqual(new Set([0]));
    const tb = autoLayout(nodes, edges, { ...fromStart, direction: 'TB' });
    expect(at(tb, 'b').y).toBeGreaterThan(at(tb, 'a').y + DEFAULT_NODE_SIZE.height);
    expect(new Set([...tb.values()].map((p) => p.x))).toEqual(new Set([0]));
  });

  it('keeps loops pointing back, so the rest of the flow still goes forward', () => {
    const nodes = ['start', 'ask', 'check', 'retry', 'done'].map((id) => ({ id, type: id }));
    const edges = [
      { source: 'start', target: 'ask' },
      { source: 'ask', target: 'check' },
      { source: 'check', target: 'retry', sourceHandle: 'bad' },
      { source: 'retry', target: 'ask' },
      { source: 'check', target: 'done', sourceHandle: 'default' },
    ];
    const p = autoLayout(nodes, edges, fromStart);
    expect(at(p, 'ask').x).toBeGreaterThan(at(p, 'start').x);
    expect(at(p, 'check').x).toBeGreaterThan(at(p, 'ask').x);
    expect(at(p, 'retry').x).toBeGreaterThan(at(p, 'check').x);
    expect(at(p, 'done').x).toBeGreaterThan(at(p, 'check').x);
    expect(overlaps(boxes(p))).toEqual([]);
  });

  it("puts a router's branches in the order of its ports and centres the router on them", () => {
    const nodes = ['start', 'router', 'one', 'two', 'three'].map((id) => ({ id, type: id }));
    const edges = [
      { source: 'start', target: 'router' },
      { source: 'router', target: 'three', sourceHandle: 'default' },
      { source: 'router', target: 'one', sourceHandle: 'a' },
      { source: 'router', target: 'two', sourceHandle: 'b' },
    ];
    const p = autoLayout(nodes, edges, {
      ...fromStart,
      portOrder: (id) => (id === 'router' ? ['a', 'b', 'default'] : []),
    });
    expect(at(p, 'one').y).toBeLessThan(at(p, 'two').y);
    expect(at(p, 'two').y).toBeLessThan(at(p, 'three').y);
    expect(at(p, 'router').y).toBe(at(p, 'two').y);
    expect(overlaps(boxes(p))).toEqual([]);
  });

  it('uses each node its own size and ignores unknown, duplicate and self edges', () => {
    const nodes = [{ id: 'start', type: 'start' }, { id: 'wide' }, { id: 'tall' }, { id: 'lonely' }];
    const sizes: Record<string, { width: number; height: number }> = {
      start: { width: 100, height: 40 },
      wide: { width: 500, height: 40 },
      tall: { width: 100, height: 400 },
      lonely: { width: 100, height: 40 },
    };
    const edges = [
      { source: 'start', target: 'wide' },
      { source: 'start', target: 'wide' },
      { source: 'start', target: 'tall' },
      { source: 'tall', target: 'tall' },
      { source: 'tall', target: 'ghost' },
    ];
    const p = autoLayout(nodes, edges, { ...fromStart, nodeSize: (id) => sizes[id] ?? DEFAULT_NODE_SIZE });
    expect(p.size).toBe(4);
    const list = [...p].map(([id, pos]) => ({ id, ...pos, ...(sizes[id] ?? DEFAULT_NODE_SIZE) }));
    expect(overlaps(list)).toEqual([]);
  });

  it('lays out 500 nodes with loops without overlaps; only loop edges point back', () => {
    const { nodes, edges } = bigFlow(500);
    autoLayout(nodes, edges, fromStart); // warm-up
    const started = performance.now();
    const p = autoLayout(nodes, edges, fromStart);
    const ms = performance.now() - started;
    console.log(`autoLayout: 500 nodes, ${edges.length} edges in ${ms.toFixed(1)} ms`);
    expect(p.size).toBe(500);
    expect(overlaps(boxes(p))).toEqual([]);
    const loops = edges.filter((e) => e.sourceHandle === 'no_match').length;
    const backwards = edges.filter((e) => at(p, e.target).x < at(p, e.source).x).length;
    expect(edges.filter((e) => at(p, e.target).x === at(p, e.source).x)).toEqual([]);
    expect(backwards).toBeLessThanOrEqual(loops);
    expect(ms).toBeLessThan(5000); // a loose bound: a loaded machine must not fail this
  });

  it("lays out the benches' 500-node flow (a long loop with a shared end) without overlaps", () => {
    const flow = generateFlow(500);
    autoLayout(flow.nodes, flow.edges, fromStart);
    const started = performance.now();
    const p = autoLayout(flow.nodes, flow.edges, fromStart);
    const ms = performance.now() - started;
    console.log(`autoLayout: generated 500-node flow, ${flow.edges.length} edges in ${ms.toFixed(1)} ms`);
    expect(overlaps(boxes(p))).toEqual([]);
    expect(at(p, 'ask1').x).toBeGreaterThan(at(p, 'ask0').x);
    expect(ms).toBeLessThan(5000);
  });

  it('is deterministic and handles an empty flow', () => {
    const { nodes, edges } = bigFlow(60);
    expect([...autoLayout(nodes, edges, fromStart)]).toEqual([...autoLayout(nodes, edges, fromStart)]);
    expect(autoLayout([], []).size).toBe(0);
  });
});

describe('layout steps', () => {
  it('fits positions as close to the wishes as the gaps allow', () => {
    expect(fitWithGaps([0, 0, 0], [10, 10], [1, 1, 1])).toEqual([-10, 0, 10]);
    expect(fitWithGaps([0, 100], [10], [1, 1])).toEqual([0, 100]);
    expect(fitWithGaps([5, 0], [10], [1, 1])).toEqual([-2.5, 7.5]);
  });

  it('counts crossings between layers', () => {
    // a→d, b→c with a above b and c above d: one crossing.
    const graph = buildLayeredGraph(
      4,
      [0, 0, 1, 1],
      [
        [0, 3],
        [1, 2],
      ],
      [0, 0],
    );
    expect(
      countCrossings(graph, [
        [0, 1],
        [2, 3],
      ]),
    ).toBe(1);
    expect(
      countCrossings(graph, [
        [0, 1],
        [3, 2],
      ]),
    ).toBe(0);
  });
});
