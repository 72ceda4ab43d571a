// The canvas layout through ELK (in-thread here; the studio runs the same graph in a web worker).
import { describe, expect, it } from 'vitest';
import { autoLayout, DEFAULT_NODE_SIZE, elkGraph, type LayoutEdgeInput, type Position } from './auto-layout';

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

const fromStart = { isRoot: (node: { type?: string }) => node.type === 'start' };

describe('autoLayout (elkjs)', () => {
  it('lays a chain out top to bottom by default, or left to right', async () => {
    const nodes = ['start', 'a', 'b'].map((id) => ({ id, type: id === 'start' ? 'start' : 'say' }));
    const edges = [
      { source: 'start', target: 'a' },
      { source: 'a', target: 'b' },
    ];
    const tb = await autoLayout(nodes, edges, fromStart);
    expect(at(tb, 'start')).toEqual({ x: 0, y: 0 });
    expect(at(tb, 'a').y).toBeGreaterThanOrEqual(at(tb, 'start').y + DEFAULT_NODE_SIZE.height);
    expect(at(tb, 'b').y).toBeGreaterThanOrEqual(at(tb, 'a').y + DEFAULT_NODE_SIZE.height);
    const lr = await autoLayout(nodes, edges, { ...fromStart, direction: 'LR', aspectRatio: 10 });
    expect(at(lr, 'b').x).toBeGreaterThanOrEqual(at(lr, 'a').x + DEFAULT_NODE_SIZE.width);
  });

  it('keeps Start first and loops pointing back', async () => {
    const nodes = ['ask', 'check', 'retry', 'done', 'start'].map((id) => ({ id, type: id }));
    const edges = [
      { source: 'start', target: 'ask' },
      { source: 'ask', target: 'check' },
      { source: 'check', target: 'retry', sourceHandle: 'bad' },
      { source: 'retry', target: 'ask' },
      { source: 'check', target: 'done', sourceHandle: 'default' },
    ];
    const p = await autoLayout(nodes, edges, { ...fromStart, aspectRatio: 0.2 });
    expect(at(p, 'start').y).toBe(0);
    expect(at(p, 'ask').y).toBeGreaterThan(at(p, 'start').y);
    expect(at(p, 'check').y).toBeGreaterThan(at(p, 'ask').y);
    expect(at(p, 'done').y).toBeGreaterThan(at(p, 'check').y);
    expect(overlaps(boxes(p))).toEqual([]);
  });

  it("gives every output port its own ELK port, in the node's port order", async () => {
    const nodes = ['start', 'router', 'one', 'two', 'three'].map((id) => ({ id, type: id }));
    const edges = [
      { source: 'start', target: 'router' },
      { source: 'router', target: 'three', sourceHandle: 'default' },
      { source: 'router', target: 'one', sourceHandle: 'a' },
      { source: 'router', target: 'two', sourceHandle: 'b' },
    ];
    const options = {
      ...fromStart,
      portOrder: (id: string) => (id === 'router' ? ['a', 'b', 'default'] : []),
    };
    const graph = elkGraph(nodes, edges, options);
    const router = graph.children!.find((c) => c.id === 'router')!;
    expect(router.ports!.map((port) => port.id.split('\u0000').slice(1).join(':'))).toEqual([
      'in',
      'out:a',
      'out:b',
      'out:default',
    ]);
    expect(graph.edges!.filter((e) => e.sources[0]!.startsWith('router')).map((e) => e.targets[0])).toEqual([
      'one\u0000in',
      'two\u0000in',
      'three\u0000in',
    ]);
    const p = await autoLayout(nodes, edges, options);
    // Branches side by side under the router, in port order.
    expect(at(p, 'one').x).toBeLessThan(at(p, 'two').x);
    expect(at(p, 'two').x).toBeLessThan(at(p, 'three').x);
    expect(overlaps(boxes(p))).toEqual([]);
  });

  it('uses each node its own size and ignores unknown, duplicate and self edges', async () => {
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
    const p = await autoLayout(nodes, edges, {
      ...fromStart,
      nodeSize: (id) => sizes[id] ?? DEFAULT_NODE_SIZE,
    });
    expect(p.size).toBe(4);
    const list = [...p].map(([id, pos]) => ({ id, ...pos, ...(sizes[id] ?? DEFAULT_NODE_SIZE) }));
    expect(overlaps(list)).toEqual([]);
  });

  it('lays out a big flow with loops without overlaps', async () => {
    // Beyond 60 nodes the flow is not wrapped into columns (ELK's wrapping grows costly).
    const { nodes, edges } = bigFlow(90);
    const p = await autoLayout(nodes, edges, fromStart);
    expect(p.size).toBe(90);
    expect(overlaps(boxes(p))).toEqual([]);
  });

  it('is deterministic and handles an empty flow', async () => {
    const { nodes, edges } = bigFlow(30);
    expect([...(await autoLayout(nodes, edges, fromStart))]).toEqual([
      ...(await autoLayout(nodes, edges, fromStart)),
    ]);
    expect((await autoLayout([], [])).size).toBe(0);
  });
});
