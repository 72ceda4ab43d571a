import type { Edge, Node } from '@xyflow/react';
import { isSingletonType, type FlowInput } from '#flow-runtime/editor';

/** A canvas node: `type` is the flow node type, `data` exactly the node's saved JSON options. */
export type FlowCanvasNode = Node<Record<string, unknown>, string>;
export type FlowCanvasEdge = Edge;

/** Everything in a flow besides nodes and edges, kept as saved (defaults stay unapplied). */
export type FlowMeta = Omit<FlowInput, 'nodes' | 'edges'>;

export interface CanvasDocument {
  nodes: FlowCanvasNode[];
  edges: FlowCanvasEdge[];
  meta: FlowMeta;
}

interface SavedNode {
  id: string;
  type: string;
  position?: { x: number; y: number };
  data?: Record<string, unknown>;
}
interface SavedEdge {
  id: string;
  source: string;
  sourceHandle?: string | null;
  target: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a saved graph (already parsed by the server) into the canvas' shape. */
export function toCanvas(graph: unknown): CanvasDocument {
  const g = isRecord(graph) ? graph : {};
  const rawNodes = (Array.isArray(g.nodes) ? g.nodes : []) as SavedNode[];
  const rawEdges = (Array.isArray(g.edges) ? g.edges : []) as SavedEdge[];
  const { nodes: _n, edges: _e, ...meta } = g;
  return {
    nodes: rawNodes.map((n) => ({
      id: n.id,
      type: n.type,
      position: n.position ?? { x: 0, y: 0 },
      data: isRecord(n.data) ? n.data : {},
      deletable: !isSingletonType(n.type),
    })),
    edges: rawEdges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle ?? 'next',
      target: e.target,
    })),
    meta: { schemaVersion: 2, ...meta } as FlowMeta,
  };
}

/** The flow JSON the API saves: node data and positions only, no canvas state (selection, sizes). */
export function toFlow(doc: CanvasDocument): FlowInput {
  return {
    ...doc.meta,
    schemaVersion: 2,
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      type: n.type ?? 'say',
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      data: n.data,
    })),
    edges: doc.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle ?? 'next',
      target: e.target,
    })),
  };
}
