// Layered (Sugiyama-style) auto-layout for the canvas: loops broken at their back edges, longest-path
// layers from Start, barycenter crossing reduction, least-squares placement across layers. Pure and
// browser-safe; written here rather than taken from dagre so a 500-node flow lays out in a few ms.
import { crossAxisCentres } from './layout-coordinates';
import { buildLayeredGraph, orderLayers } from './layout-order';
import { rankNodes } from './layout-ranks';

export interface LayoutNodeInput {
  id: string;
  type?: string;
}

export interface LayoutEdgeInput {
  source: string;
  target: string;
  sourceHandle?: string | null;
}

export interface NodeSize {
  width: number;
  height: number;
}

export interface AutoLayoutOptions {
  /** LR: layers left to right (the default); TB: top to bottom. */
  direction?: 'LR' | 'TB';
  nodeSize?: (id: string) => NodeSize;
  /** Space between layers (px). */
  rankGap?: number;
  /** Space between neighbours in one layer (px). */
  nodeGap?: number;
  /** Port order per node type, so a router's branches come out in the order of its ports. */
  portOrder?: (nodeId: string) => readonly string[];
  /** The flow's entry (Start), where the layers begin; without one, loops are broken where they are met. */
  isRoot?: (node: LayoutNodeInput) => boolean;
}

export interface Position {
  x: number;
  y: number;
}

export const DEFAULT_NODE_SIZE: NodeSize = { width: 240, height: 96 };

/** Top-left positions (what xyflow stores) for every node; the layout starts at (0, 0). */
export function autoLayout(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: AutoLayoutOptions = {},
): Map<string, Position> {
  const direction = options.direction ?? 'LR';
  const rankGap = options.rankGap ?? 96;
  const nodeGap = options.nodeGap ?? 48;
  const sizeOf = options.nodeSize ?? (() => DEFAULT_NODE_SIZE);
  const ids = nodes.map((node) => node.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const result = new Map<string, Position>();
  if (ids.length === 0) return result;

  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const handles: (string | null)[] = [];
  for (const edge of edges) {
    const s = index.get(edge.source);
    const t = index.get(edge.target);
    if (s === undefined || t === undefined || s === t) continue;
    const key = `${s}>${t}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push([s, t]);
    handles.push(edge.sourceHandle ?? null);
  }
  const startIndex = options.isRoot ? nodes.findIndex(options.isRoot) : -1;
  const root = startIndex >= 0 ? startIndex : null;
  const ranking = rankNodes({ ids, edges: pairs, root });

  // Port offsets: the k-th of a node's n outgoing edges leans by (k+1)/(n+1) − 0.5 of a slot.
  const outgoing = new Map<number, number[]>();
  pairs.forEach(([s], i) => outgoing.set(s, [...(outgoing.get(s) ?? []), i]));
  const portOffset = new Array<number>(pairs.length).fill(0);
  for (const [s, list] of outgoing) {
    const order = options.portOrder?.(ids[s] as string) ?? [];
    const sorted = [...list].sort(
      (a, b) => rankOfHandle(order, handles[a]) - rankOfHandle(order, handles[b]),
    );
    sorted.forEach((edgeIndex, k) => {
      // A loop's edge is laid out turned around; its offset belongs to the other end, so it gets none.
      if (!ranking.reversed[edgeIndex]) portOffset[edgeIndex] = (k + 1) / (sorted.length + 1) - 0.5;
    });
  }

  const graph = buildLayeredGraph(ids.length, ranking.rank, ranking.forward, portOffset);
  const layers = orderLayers(graph, root === null ? [] : [root]);
  const sizes = ids.map((id) => sizeOf(id));
  const across = (v: number) => {
    const size = sizes[v];
    if (!size) return 0;
    return direction === 'LR' ? size.height : size.width;
  };
  const along = (v: number) => {
    const size = sizes[v];
    if (!size) return 0;
    return direction === 'LR' ? size.width : size.height;
  };
  // Placement also pulls along far edges (kept out of ordering), so a shared end sits among its callers.
  const pred = graph.pred.map((list) => [...list]);
  const succ = graph.succ.map((list) => [...list]);
  for (const [s, t] of graph.far) {
    succ[s]?.push(t);
    pred[t]?.push(s);
  }
  const centres = crossAxisCentres({
    layers,
    pred,
    succ,
    size: graph.rank.map((_, v) => across(v)),
    realCount: ids.length,
    gap: nodeGap,
  });

  const layerStart: number[] = [];
  const thickness = layers.map((layer) => layer.reduce((max, v) => Math.max(max, along(v)), 0));
  let cursor = 0;
  layers.forEach((_layer, r) => {
    layerStart[r] = cursor;
    const t = thickness[r] ?? 0;
    // A layer of dummies only (a long edge's bend) still needs some room.
    cursor += t + (t > 0 ? rankGap : rankGap / 2);
  });

  let minAcross = Infinity;
  for (let v = 0; v < ids.length; v++) minAcross = Math.min(minAcross, (centres[v] ?? 0) - across(v) / 2);
  for (let v = 0; v < ids.length; v++) {
    const r = graph.rank[v] ?? 0;
    const alongPos = (layerStart[r] ?? 0) + ((thickness[r] ?? 0) - along(v)) / 2;
    const acrossPos = (centres[v] ?? 0) - across(v) / 2 - minAcross;
    result.set(
      ids[v] as string,
      direction === 'LR'
        ? { x: Math.round(alongPos), y: Math.round(acrossPos) }
        : { x: Math.round(acrossPos), y: Math.round(alongPos) },
    );
  }
  return result;
}

function rankOfHandle(order: readonly string[], handle: string | null | undefined): number {
  const at = handle ? order.indexOf(handle) : -1;
  return at < 0 ? order.length : at;
}
