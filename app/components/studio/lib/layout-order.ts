// Ordering within layers for auto-layout: edges that skip a few layers become chains of dummy vertices
// (one per layer they cross), the first order comes from a depth-first walk, then barycenter sweeps down
// and up reduce crossings; the order with the fewest crossings seen wins. Edges that skip many layers (a
// shared "goodbye" reached from all over a big flow) get no dummies: the canvas draws every edge as one
// curve anyway, and dummies for them would grow with the square of the flow's length.

export interface LayeredGraph {
  /** Vertices 0..realCount-1 are the flow's nodes, the rest are dummies on long edges. */
  realCount: number;
  rank: number[];
  /** Adjacent-layer segments [upper, lower, port offset in (-0.5, 0.5) at the upper end]. */
  segments: [number, number, number][];
  pred: number[][];
  succ: number[][];
  /** Port offset of the segment u→v, keyed by u * vertexCount + v. */
  offsets: Map<number, number>;
  /** Edges that skip more than `maxSpan` layers, kept out of ordering; placement still pulls along them. */
  far: [number, number][];
}

export const MAX_DUMMY_SPAN = 6;

/** Splits edges that skip layers; `portOffset` keeps a router's branches in the order of its ports. */
export function buildLayeredGraph(
  realCount: number,
  rank: readonly number[],
  edges: readonly [number, number][],
  portOffset: readonly number[],
  maxSpan = MAX_DUMMY_SPAN,
): LayeredGraph {
  const ranks = [...rank];
  const segments: [number, number, number][] = [];
  const far: [number, number][] = [];
  let next = realCount;
  edges.forEach(([s, t], index) => {
    const offset = portOffset[index] ?? 0;
    if ((ranks[t] ?? 0) - (ranks[s] ?? 0) > maxSpan) {
      far.push([s, t]);
      return;
    }
    let from = s;
    for (let r = (ranks[s] ?? 0) + 1; r < (ranks[t] ?? 0); r++) {
      const dummy = next++;
      ranks[dummy] = r;
      segments.push([from, dummy, from === s ? offset : 0]);
      from = dummy;
    }
    segments.push([from, t, from === s ? offset : 0]);
  });
  const pred: number[][] = Array.from({ length: next }, () => []);
  const succ: number[][] = Array.from({ length: next }, () => []);
  // Successors in port order, so the first depth-first order already follows the ports.
  const byPort = [...segments].sort((a, b) => a[2] - b[2]);
  for (const [u, v] of byPort) {
    succ[u]?.push(v);
    pred[v]?.push(u);
  }
  const offsets = new Map<number, number>();
  for (const [u, v, offset] of segments) if (offset !== 0) offsets.set(u * next + v, offset);
  return { realCount, rank: ranks, segments, pred, succ, offsets, far };
}

/** First order: depth-first from the given roots, so a branch's nodes stay together. */
function initialOrder(graph: LayeredGraph, roots: readonly number[]): number[][] {
  const layerCount = Math.max(0, ...graph.rank) + 1;
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  const seen = new Uint8Array(graph.rank.length);
  const visit = (start: number) => {
    const stack = [start];
    while (stack.length > 0) {
      const v = stack.pop() as number;
      if (seen[v]) continue;
      seen[v] = 1;
      layers[graph.rank[v] ?? 0]?.push(v);
      const next = graph.succ[v] ?? [];
      for (let i = next.length - 1; i >= 0; i--) if (!seen[next[i] as number]) stack.push(next[i] as number);
    }
  };
  for (const root of roots) visit(root);
  for (let v = 0; v < graph.rank.length; v++) visit(v);
  return layers;
}

function positions(layers: readonly number[][], size: number): Float64Array {
  const pos = new Float64Array(size);
  for (const layer of layers) layer.forEach((v, i) => (pos[v] = i));
  return pos;
}

/** Crossings between adjacent layers: inversions among segments sorted by their upper end (Fenwick tree). */
export function countCrossings(graph: LayeredGraph, layers: readonly number[][]): number {
  const pos = positions(layers, graph.rank.length);
  const byLayer = new Map<number, [number, number][]>();
  for (const [u, v] of graph.segments) {
    const r = graph.rank[u] ?? 0;
    const list = byLayer.get(r) ?? [];
    list.push([pos[u] ?? 0, pos[v] ?? 0]);
    byLayer.set(r, list);
  }
  let crossings = 0;
  for (const [r, list] of byLayer) {
    const width = (layers[r + 1]?.length ?? 0) + 1;
    const tree = new Int32Array(width + 1);
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let inserted = 0;
    for (const [, lower] of list) {
      // Count earlier segments whose lower end lies strictly to the right.
      let notGreater = 0;
      for (let i = lower + 1; i > 0; i -= i & -i) notGreater += tree[i] ?? 0;
      crossings += inserted - notGreater;
      for (let i = lower + 1; i <= width; i += i & -i) tree[i] = (tree[i] ?? 0) + 1;
      inserted++;
    }
  }
  return crossings;
}

function sweep(graph: LayeredGraph, layers: number[][], down: boolean): void {
  const pos = positions(layers, graph.rank.length);
  const count = graph.rank.length;
  const order = down
    ? layers.map((_, i) => i).slice(1)
    : layers
        .map((_, i) => i)
        .reverse()
        .slice(1);
  for (const r of order) {
    const layer = layers[r] as number[];
    const bary = new Map<number, number>();
    for (const v of layer) {
      const neighbours = down ? (graph.pred[v] ?? []) : (graph.succ[v] ?? []);
      if (neighbours.length === 0) {
        bary.set(v, pos[v] ?? 0);
        continue;
      }
      let sum = 0;
      // Going down, a branch leaving a lower port of its node leans lower, so branches keep port order.
      for (const u of neighbours) sum += (pos[u] ?? 0) + (down ? (graph.offsets.get(u * count + v) ?? 0) : 0);
      bary.set(v, sum / neighbours.length);
    }
    layer.sort((a, b) => (bary.get(a) ?? 0) - (bary.get(b) ?? 0));
    layer.forEach((v, i) => (pos[v] = i));
  }
}

export function orderLayers(graph: LayeredGraph, roots: readonly number[], rounds = 6): number[][] {
  let layers = initialOrder(graph, roots);
  let best = layers.map((layer) => [...layer]);
  let bestCrossings = countCrossings(graph, layers);
  for (let round = 0; round < rounds && bestCrossings > 0; round++) {
    sweep(graph, layers, round % 2 === 0);
    const crossings = countCrossings(graph, layers);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = layers.map((layer) => [...layer]);
    }
  }
  layers = best;
  return layers;
}
