// Auto-layout for the canvas through ELK (elkjs, the Eclipse Layout Kernel's layered algorithm): loops
// broken from Start, crossings reduced, ports respected. A node card takes its input on top and its outputs
// along its bottom edge (flow-node-card.tsx), so each node has an input port on the north side and one port
// per output handle on the south side, in the handles' order: a router's branches come out left to right in
// port order and edges run straight down. A long flow may also be wrapped into side-by-side columns; both
// layouts are made and the one that fits the canvas's shape at the larger zoom wins. The studio runs ELK in a
// web worker (elk-worker-engine.ts); tests and scripts use the bundled in-thread engine.
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

/** The studio's canvas on a 1440×900 screen (palette 224 px and side panel 384 px beside it, header above). */
const DEFAULT_ASPECT_RATIO = (1440 - 224 - 384) / (900 - 46);

/** The ELK graph for a flow: nodes with ports on fixed sides, and edges from port to port. */
export function elkGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: AutoLayoutOptions & { wrap?: boolean } = {},
): ElkNode {
  const direction = options.direction ?? 'TB';
  const inSide = direction === 'TB' ? 'NORTH' : 'WEST';
  const outSide = direction === 'TB' ? 'SOUTH' : 'EAST';
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
      { id: inPort(node.id), width: 1, height: 1, layoutOptions: { 'elk.port.side': inSide } },
      ...handles.map((handle, index) => ({
        id: portId(node.id, handle),
        width: 1,
        height: 1,
        // ELK numbers a side's ports clockwise: the south side runs right to left.
        layoutOptions: {
          'elk.port.side': outSide,
          'elk.port.index': String(outSide === 'SOUTH' ? handles.length - 1 - index : index),
        },
      })),
    ];
    // The card's handles are in a fixed order on fixed sides; ELK spreads them along the side.
    const layoutOptions: LayoutOptions = { 'elk.portConstraints': 'FIXED_ORDER' };
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
      // A long chain of steps may become several columns rather than one strip off the screen.
      ...(options.wrap ? { 'elk.layered.wrapping.strategy': 'MULTI_EDGE' } : {}),
      'elk.aspectRatio': String(options.aspectRatio ?? DEFAULT_ASPECT_RATIO),
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
  const straight = await elk.layout(elkGraph(nodes, edges, options));
  let laidOut = straight;
  // Wrapping into columns sometimes fits the screen better, sometimes worse (ELK cuts whole layers), and
  // costs ELK time that grows fast with size: tried on small flows only, kept when it fits at a larger zoom.
  if (nodes.length <= WRAP_LIMIT) {
    const wrapped = await elk.layout(elkGraph(nodes, edges, { ...options, wrap: true })).catch(() => null);
    const ratio = options.aspectRatio ?? DEFAULT_ASPECT_RATIO;
    if (wrapped && fitScale(wrapped, ratio) > fitScale(straight, ratio) * 1.01) laidOut = wrapped;
  }
  const placed = laidOut.children ?? [];
  const minX = Math.min(...placed.map((c) => c.x ?? 0));
  const minY = Math.min(...placed.map((c) => c.y ?? 0));
  for (const child of placed) {
    result.set(child.id, { x: Math.round((child.x ?? 0) - minX), y: Math.round((child.y ?? 0) - minY) });
  }
  return result;
}

/** How large a laid-out flow is drawn when fitted into a canvas of this width / height (up to a factor). */
function fitScale(graph: ElkNode, aspectRatio: number): number {
  const placed = graph.children ?? [];
  if (placed.length === 0) return 1;
  const width =
    Math.max(...placed.map((c) => (c.x ?? 0) + (c.width ?? 0))) - Math.min(...placed.map((c) => c.x ?? 0));
  const height =
    Math.max(...placed.map((c) => (c.y ?? 0) + (c.height ?? 0))) - Math.min(...placed.map((c) => c.y ?? 0));
  return Math.min(aspectRatio / Math.max(width, 1), 1 / Math.max(height, 1));
}

let bundled: Promise<ElkEngine> | undefined;

/** The bundled engine, loaded on first use (1.6 MB): tests, scripts, and the browser when workers fail. */
export function inThreadEngine(): Promise<ElkEngine> {
  bundled ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return bundled;
}
