// Auto-layout for the canvas through ELK (elkjs, the Eclipse Layout Kernel's layered algorithm): loops
// broken from Start, crossings reduced, ports respected (one port per output handle, edges listed in the
// node's port order, which ELK keeps when it breaks ties, so a router's branches come out in port order).
// Top to bottom by default; a long flow wraps into side-by-side columns near the screen's shape, so a
// template fits the screen. The studio runs ELK in a web worker (elk-worker-engine.ts); tests and scripts
// use the bundled in-thread engine.
import type { ElkExtendedEdge, ElkNode, ElkPort, LayoutOptions } from 'elkjs/lib/elk-api.js';

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
  /** TB: layers top to bottom (the default); LR: left to right. */
  direction?: 'LR' | 'TB';
  nodeSize?: (id: string) => NodeSize;
  /** Space between layers (px). */
  rankGap?: number;
  /** Space between neighbours in one layer (px). */
  nodeGap?: number;
  /** Port order per node, so a router's branches come out in the order of its ports. */
  portOrder?: (nodeId: string) => readonly string[];
  /** The flow's entry (Start), put in the first layer. */
  isRoot?: (node: LayoutNodeInput) => boolean;
  /** Width / height of the canvas the flow is shown on: long flows wrap to approach it (default: the
   * studio's canvas on a 1440×900 screen). */
  aspectRatio?: number;
}

export interface Position {
  x: number;
  y: number;
}

/** What runs ELK: the in-thread engine, or the studio's web worker. */
export interface ElkEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Wrapping a long flow into columns costs ELK time that grows fast with size; a big flow stays one strip. */
const WRAP_LIMIT = 60;

export const DEFAULT_NODE_SIZE: NodeSize = { width: 240, height: 96 };

/** The ELK graph for a flow: nodes with sized, fixed ports, and edges from port to port. */
export function elkGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: AutoLayoutOptions = {},
): ElkNode {
  const direction = options.direction ?? 'TB';
  const sizeOf = options.nodeSize ?? (() => DEFAULT_NODE_SIZE);
  const ids = new Set(nodes.map((n) => n.id));
  const outPorts = new Map<string, string[]>();
  for (const node of nodes) outPorts.set(node.id, [...(options.portOrder?.(node.id) ?? [])]);
  // Edges from a handle the definition does not list (an old flow) still get a port, after the others.
  for (const edge of edges) {
    const list = outPorts.get(edge.source);
    const handle = edge.sourceHandle ?? '';
    if (list && !list.includes(handle)) list.push(handle);
  }
  const portId = (node: string, handle: string) => `${node}\u0000out\u0000${handle}`;
  const inPort = (node: string) => `${node}\u0000in`;

  const children: ElkNode[] = nodes.map((node) => {
    const size = sizeOf(node.id);
    const handles = outPorts.get(node.id) ?? [];
    const ports: ElkPort[] = [
      { id: inPort(node.id), width: 1, height: 1 },
      ...handles.map((handle, index) => ({
        id: portId(node.id, handle),
        width: 1,
        height: 1,
        layoutOptions: { 'elk.port.index': String(index) },
      })),
    ];
    // Port sides stay free: ELK 0.12's graph wrapping fails on fixed port sides (tried: FIXED_SIDE,
    // FIXED_ORDER, FIXED_POS), and wrapping is what makes a long flow fit a screen. Order comes from the edges.
    const layoutOptions: LayoutOptions = { 'elk.portConstraints': 'FREE' };
    if (options.isRoot?.(node)) layoutOptions['elk.layered.layering.layerConstraint'] = 'FIRST';
    return { id: node.id, width: size.width, height: size.height, ports, layoutOptions };
  });

  const seen = new Set<string>();
  const elkEdges: ElkExtendedEdge[] = [];
  const portRank = (edge: LayoutEdgeInput) =>
    (outPorts.get(edge.source) ?? []).indexOf(edge.sourceHandle ?? '');
  const firstSeen = new Map<string, number>();
  edges.forEach((edge, i) => firstSeen.set(edge.source, firstSeen.get(edge.source) ?? i));
  // Each node's edges in its port order: ELK's model order then puts the first port's target first.
  const ordered = [...edges].sort(
    (a, b) => (firstSeen.get(a.source) ?? 0) - (firstSeen.get(b.source) ?? 0) || portRank(a) - portRank(b),
  );
  for (const edge of ordered) {
    if (!ids.has(edge.source) || !ids.has(edge.target) || edge.source === edge.target) continue;
    const handle = edge.sourceHandle ?? '';
    const key = `${edge.source}>${handle}>${edge.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    elkEdges.push({
      id: `e${elkEdges.length}`,
      sources: [portId(edge.source, handle)],
      targets: [inPort(edge.target)],
    });
  }

  return {
    id: 'flow',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction === 'TB' ? 'DOWN' : 'RIGHT',
      'elk.spacing.nodeNode': String(options.nodeGap ?? 24),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(options.rankGap ?? 32),
      'elk.spacing.edgeNode': '16',
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      // The order nodes and edges were drawn in breaks ties, so a re-layout of the same flow is stable.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      // A long chain of steps becomes several columns rather than one strip off the screen.
      ...(nodes.length <= WRAP_LIMIT ? { 'elk.layered.wrapping.strategy': 'MULTI_EDGE' } : {}),
      'elk.aspectRatio': String(options.aspectRatio ?? 1.07),
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children,
    edges: elkEdges,
  };
}

/** Top-left positions (what xyflow stores) for every node; the layout starts at (0, 0). */
export async function autoLayout(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: AutoLayoutOptions = {},
  engine?: ElkEngine,
): Promise<Map<string, Position>> {
  const result = new Map<string, Position>();
  if (nodes.length === 0) return result;
  const elk = engine ?? (await inThreadEngine());
  const laidOut = await elk.layout(elkGraph(nodes, edges, options));
  const placed = laidOut.children ?? [];
  const minX = Math.min(...placed.map((c) => c.x ?? 0));
  const minY = Math.min(...placed.map((c) => c.y ?? 0));
  for (const child of placed) {
    result.set(child.id, { x: Math.round((child.x ?? 0) - minX), y: Math.round((child.y ?? 0) - minY) });
  }
  return result;
}

let bundled: Promise<ElkEngine> | undefined;

/** The bundled engine, loaded on first use (1.6 MB): tests, scripts, and the browser when workers fail. */
export function inThreadEngine(): Promise<ElkEngine> {
  bundled ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return bundled;
}
