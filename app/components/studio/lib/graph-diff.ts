// What changed between two versions of a flow, for the version diff: nodes added, removed, changed
// (field by field, paths relative to node.data, see field-diff.ts) and moved (position only, listed apart
// so a tidy-up does not look like an edit); connections added and removed (a connection is its source,
// port and target: re-drawing one under a new edge id is no change); and the flow's variables, settings,
// tools, knowledge bases and intents. Pure and browser-safe; order follows the flows (after's order for
// what is there now, before's for what was removed).
import type { Flow, FlowInput } from '#flow-runtime/graph/flow-schema';
import { deepEqual, diffFields, type FieldChange } from './field-diff';

export type { FieldChange } from './field-diff';

/** A saved flow (defaults possibly omitted) or a parsed one. */
export type DiffableGraph = FlowInput | Flow;

export interface NodeRef {
  id: string;
  type: string;
}

export interface NodeChange extends NodeRef {
  /** `type` when the node's type changed; otherwise paths in node.data (e.g. `routes[booking].expression`). */
  fields: FieldChange[];
}

export interface NodeMove extends NodeRef {
  before: { x: number; y: number };
  after: { x: number; y: number };
}

export interface EdgeRef {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

export interface CollectionDiff<T> {
  added: T[];
  removed: T[];
  /** `key` is the item's name (variables, tools, intents) or id (knowledge bases). */
  changed: { key: string; fields: FieldChange[] }[];
}

export interface GraphDiff {
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: NodeChange[]; moved: NodeMove[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
  variables: CollectionDiff<NonNullable<FlowInput['variables']>[number]>;
  /** Paths relative to settings, e.g. `globalHandlers.operator.targetNodeId`. */
  settings: FieldChange[];
  tools: CollectionDiff<NonNullable<FlowInput['tools']>[number]>;
  knowledgeBases: CollectionDiff<NonNullable<FlowInput['knowledgeBases']>[number]>;
  intents: CollectionDiff<NonNullable<FlowInput['intents']>[number]>;
}

type GraphNode = DiffableGraph['nodes'][number];
type GraphEdge = NonNullable<DiffableGraph['edges']>[number];

const ORIGIN = { x: 0, y: 0 };

function edgeRef(edge: GraphEdge): EdgeRef {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle ?? 'next', target: edge.target };
}

const connectionKey = (edge: EdgeRef) => `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;

function diffNodes(before: readonly GraphNode[], after: readonly GraphNode[]): GraphDiff['nodes'] {
  const beforeById = new Map(before.map((node) => [node.id, node]));
  const afterIds = new Set(after.map((node) => node.id));
  const result: GraphDiff['nodes'] = { added: [], removed: [], changed: [], moved: [] };
  for (const node of after) {
    const old = beforeById.get(node.id);
    if (!old) {
      result.added.push({ id: node.id, type: node.type });
      continue;
    }
    const fields =
      old.type === node.type
        ? diffFields(old.data ?? {}, node.data ?? {})
        : [
            { path: 'type', before: old.type, after: node.type },
            ...diffFields(old.data ?? {}, node.data ?? {}),
          ];
    if (fields.length > 0) result.changed.push({ id: node.id, type: node.type, fields });
    const from = old.position ?? ORIGIN;
    const to = node.position ?? ORIGIN;
    if (from.x !== to.x || from.y !== to.y)
      result.moved.push({ id: node.id, type: node.type, before: { ...from }, after: { ...to } });
  }
  for (const node of before)
    if (!afterIds.has(node.id)) result.removed.push({ id: node.id, type: node.type });
  return result;
}

function diffEdges(before: readonly GraphEdge[], after: readonly GraphEdge[]): GraphDiff['edges'] {
  const beforeRefs = before.map(edgeRef);
  const afterRefs = after.map(edgeRef);
  const beforeKeys = new Set(beforeRefs.map(connectionKey));
  const afterKeys = new Set(afterRefs.map(connectionKey));
  return {
    added: afterRefs.filter((edge) => !beforeKeys.has(connectionKey(edge))),
    removed: beforeRefs.filter((edge) => !afterKeys.has(connectionKey(edge))),
  };
}

function diffCollection<T extends object>(
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
): CollectionDiff<T> {
  const beforeByKey = new Map(before.map((item) => [keyOf(item), item]));
  const afterKeys = new Set(after.map(keyOf));
  const result: CollectionDiff<T> = { added: [], removed: [], changed: [] };
  for (const item of after) {
    const old = beforeByKey.get(keyOf(item));
    if (!old) result.added.push(item);
    else if (!deepEqual(old, item)) result.changed.push({ key: keyOf(item), fields: diffFields(old, item) });
  }
  for (const item of before) if (!afterKeys.has(keyOf(item))) result.removed.push(item);
  return result;
}

export function diffGraphs(before: DiffableGraph, after: DiffableGraph): GraphDiff {
  return {
    nodes: diffNodes(before.nodes, after.nodes),
    edges: diffEdges(before.edges ?? [], after.edges ?? []),
    variables: diffCollection(before.variables ?? [], after.variables ?? [], (v) => v.name),
    settings: diffFields(before.settings ?? {}, after.settings ?? {}),
    tools: diffCollection(before.tools ?? [], after.tools ?? [], (t) => t.name),
    knowledgeBases: diffCollection(before.knowledgeBases ?? [], after.knowledgeBases ?? [], (k) => k.id),
    intents: diffCollection(before.intents ?? [], after.intents ?? [], (i) => i.name),
  };
}

export type NodeDiffStatus = 'added' | 'removed' | 'changed' | 'moved';

/**
 * How to mark each node on the canvas. A node both edited and moved counts as changed; removed nodes
 * exist only in `before`, so a canvas showing `after` draws them from the old version.
 */
export function nodeDiffStatus(diff: GraphDiff): Map<string, NodeDiffStatus> {
  const status = new Map<string, NodeDiffStatus>();
  for (const node of diff.nodes.moved) status.set(node.id, 'moved');
  for (const node of diff.nodes.changed) status.set(node.id, 'changed');
  for (const node of diff.nodes.added) status.set(node.id, 'added');
  for (const node of diff.nodes.removed) status.set(node.id, 'removed');
  return status;
}

/** Whether anything but positions changed (what a "no changes since the last version" hint needs). */
export function hasContentChanges(diff: GraphDiff): boolean {
  const collections = [diff.variables, diff.tools, diff.knowledgeBases, diff.intents];
  return (
    diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length > 0 ||
    diff.edges.added.length + diff.edges.removed.length > 0 ||
    diff.settings.length > 0 ||
    collections.some((c) => c.added.length + c.removed.length + c.changed.length > 0)
  );
}
