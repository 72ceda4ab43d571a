import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import {
  findNodeDefinition,
  isEntryType,
  isSingletonType,
  type FlowVariableInfo,
  type Issue,
  type ValidationReport,
} from '#flow-runtime/editor';
import type { CanvasDocument, FlowCanvasEdge, FlowCanvasNode, FlowMeta } from './flow-document';

/** What undo/redo restores: the flow itself, never the view (selection, viewport). */
interface Snapshot {
  nodes: FlowCanvasNode[];
  edges: FlowCanvasEdge[];
  meta: FlowMeta;
}

export interface NodeIssues {
  errors: Issue[];
  warnings: Issue[];
}

/** `refused`: the server will not take this draft as it is (retrying cannot help; the next edit may). */
export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error' | 'refused';

export interface StudioState {
  nodes: FlowCanvasNode[];
  edges: FlowCanvasEdge[];
  meta: FlowMeta;
  readOnly: boolean;
  /** Bumped by every change to the flow; autosave and validation follow it. */
  version: number;
  past: Snapshot[];
  future: Snapshot[];
  clipboard: Snapshot | null;
  revision: number;
  saveStatus: SaveStatus;
  saveError: string | null;
  /** The API's error code for the last failed save (`foreign_reference`, `flow_too_large`, ...). */
  saveErrorCode: string | null;
  /** The test console's position in the flow, highlighted on the canvas. */
  activeNodeId: string | null;
  visitedNodeIds: string[];
  /** Set when a panel asks the canvas to centre on a node. */
  focusRequest: { nodeId: string; at: number; zoomIn: boolean } | null;
  /** Set when a problem is opened: the inspector shows that node and puts the cursor in this field. */
  fieldRequest: { nodeId: string; field: string; at: number } | null;
  /** Set when the toolbar asks the canvas to fit the whole flow (Fit, Tidy). */
  fitRequest: number;
  report: ValidationReport;
  /** The report's issues by node id, for the node cards. */
  issuesByNode: ReadonlyMap<string, NodeIssues>;
  /** Every variable the flow declares, sets or reads, with where (variables panel, autocomplete). */
  variableInfo: FlowVariableInfo[];

  onNodesChange: (changes: NodeChange<FlowCanvasNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowCanvasEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  addNode: (type: string, position: { x: number; y: number }, data?: Record<string, unknown>) => string;
  updateNodeData: (nodeId: string, data: Record<string, unknown>) => void;
  updateMeta: (patch: Partial<FlowMeta>) => void;
  setPositions: (positions: ReadonlyMap<string, { x: number; y: number }>) => void;
  deleteSelection: () => void;
  copySelection: () => void;
  paste: () => void;
  duplicateSelection: () => void;
  selectOnly: (nodeId: string | null) => void;
  /** Selects a node and centres the canvas on it; with a field, the inspector opens at that field. */
  focusNode: (nodeId: string, field?: string) => void;
  requestFit: () => void;
  /** Brings a node into view without selecting it (the test console following the call). */
  revealNode: (nodeId: string) => void;
  undo: () => void;
  redo: () => void;
  replaceDocument: (doc: CanvasDocument, revision: number) => void;
  setSave: (status: SaveStatus, revision?: number, error?: string | null, code?: string | null) => void;
  setActive: (nodeId: string | null, visited?: string[]) => void;
  setAnalysis: (report: ValidationReport, variables: FlowVariableInfo[]) => void;
}

const HISTORY_LIMIT = 200;
/** Typing in one field within this window is one undo step, not one per keystroke. */
const COALESCE_MS = 800;

const clean = (nodes: FlowCanvasNode[]): FlowCanvasNode[] =>
  nodes.map(({ id, type, position, data, deletable }) => ({ id, type, position, data, deletable }));
const cleanEdges = (edges: FlowCanvasEdge[]): FlowCanvasEdge[] =>
  edges.map(({ id, source, sourceHandle, target }) => ({ id, source, sourceHandle, target }));

export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${type}_${Math.random().toString(36).slice(2, 7)}`;
    if (!taken.has(id)) return id;
  }
}

export const edgeIdOf = (source: string, handle: string | null | undefined, target: string) =>
  `e_${source}_${handle ?? 'next'}_${target}`;

/** Connection rules: nothing enters Start, no self-loops, and one edge per output port. */
export function canConnect(c: Pick<Connection, 'source' | 'target'>, nodes: FlowCanvasNode[]): boolean {
  if (!c.source || !c.target || c.source === c.target) return false;
  const target = nodes.find((n) => n.id === c.target);
  return target !== undefined && !isEntryType(target.type);
}

export function createStudioStore(doc: CanvasDocument, options: { revision: number; readOnly: boolean }) {
  let lastCoalesce: { key: string; at: number } | null = null;

  return createStore<StudioState>()((set, get) => {
    /** Records the current flow for undo, then applies a change to it. */
    const change = (apply: (s: StudioState) => Partial<StudioState>, coalesceKey?: string) => {
      const s = get();
      if (s.readOnly) return;
      const now = Date.now();
      const coalesce =
        coalesceKey !== undefined && lastCoalesce?.key === coalesceKey && now - lastCoalesce.at < COALESCE_MS;
      lastCoalesce = coalesceKey ? { key: coalesceKey, at: now } : null;
      const past = coalesce
        ? s.past
        : [...s.past, { nodes: clean(s.nodes), edges: cleanEdges(s.edges), meta: s.meta }].slice(
            -HISTORY_LIMIT,
          );
      set({ ...apply(s), past, future: [], version: s.version + 1, saveStatus: 'dirty' });
    };

    const restore = (from: 'past' | 'future') => {
      const s = get();
      const stack = s[from];
      const snapshot = stack[stack.length - 1];
      if (!snapshot || s.readOnly) return;
      const current = { nodes: clean(s.nodes), edges: cleanEdges(s.edges), meta: s.meta };
      lastCoalesce = null;
      set({
        nodes: snapshot.nodes,
        edges: snapshot.edges,
        meta: snapshot.meta,
        [from]: stack.slice(0, -1),
        [from === 'past' ? 'future' : 'past']: [...s[from === 'past' ? 'future' : 'past'], current],
        version: s.version + 1,
        saveStatus: 'dirty',
      });
    };

    const selectedSnapshot = (s: StudioState): Snapshot | null => {
      const nodes = s.nodes.filter((n) => n.selected && !isSingletonType(n.type));
      if (nodes.length === 0) return null;
      const ids = new Set(nodes.map((n) => n.id));
      const edges = s.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      return { nodes: clean(nodes), edges: cleanEdges(edges), meta: s.meta };
    };

    /** Adds copies with fresh ids, offset so they do not hide the originals, and selects them. */
    const insertCopies = (snapshot: Snapshot) =>
      change((s) => {
        const taken = new Set(s.nodes.map((n) => n.id));
        const ids = new Map<string, string>();
        for (const n of snapshot.nodes) {
          const id = newNodeId(n.type ?? 'node', taken);
          taken.add(id);
          ids.set(n.id, id);
        }
        const copies = snapshot.nodes.map((n) => ({
          ...n,
          id: ids.get(n.id) as string,
          position: { x: n.position.x + 40, y: n.position.y + 40 },
          data: structuredClone(n.data),
          selected: true,
        }));
        const edges = snapshot.edges.map((e) => {
          const source = ids.get(e.source) as string;
          const target = ids.get(e.target) as string;
          return { ...e, id: edgeIdOf(source, e.sourceHandle, target), source, target };
        });
        return {
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...copies],
          edges: [...s.edges, ...edges],
        };
      });

    return {
      nodes: doc.nodes,
      edges: doc.edges,
      meta: doc.meta,
      readOnly: options.readOnly,
      version: 0,
      past: [],
      future: [],
      clipboard: null,
      revision: options.revision,
      saveStatus: 'saved',
      saveError: null,
      saveErrorCode: null,
      activeNodeId: null,
      visitedNodeIds: [],
      focusRequest: null,
      fieldRequest: null,
      fitRequest: 0,
      report: { errors: [], warnings: [] },
      issuesByNode: new Map(),
      variableInfo: [],

      onNodesChange: (changes) => {
        const s = get();
        // Selection, measuring and drag frames are view state; a finished drag or a removal is an edit.
        const edits = changes.filter(
          (c) => c.type === 'remove' || (c.type === 'position' && c.dragging === false),
        );
        const allowed = s.readOnly
          ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions')
          : changes.filter(
              (c) => c.type !== 'remove' || !isSingletonType(s.nodes.find((n) => n.id === c.id)?.type),
            );
        if (edits.length > 0 && !s.readOnly) {
          change((st) => {
            const removed = new Set(allowed.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
            return {
              nodes: applyNodeChanges(allowed, st.nodes),
              edges: removed.size
                ? st.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target))
                : st.edges,
            };
          });
        } else {
          set({ nodes: applyNodeChanges(allowed, s.nodes) });
        }
      },
      onEdgesChange: (changes) => {
        const s = get();
        const removes = changes.filter((c) => c.type === 'remove');
        if (removes.length > 0 && !s.readOnly)
          change((st) => ({ edges: applyEdgeChanges(changes, st.edges) }));
        else
          set({
            edges: applyEdgeChanges(
              changes.filter((c) => c.type === 'select'),
              s.edges,
            ),
          });
      },
      onConnect: (connection) => {
        if (!canConnect(connection, get().nodes)) return;
        change((s) => {
          const handle = connection.sourceHandle ?? 'next';
          // One edge per port: connecting a used port moves its edge.
          const others = s.edges.filter(
            (e) => !(e.source === connection.source && (e.sourceHandle ?? 'next') === handle),
          );
          const edge: FlowCanvasEdge = {
            id: edgeIdOf(connection.source, handle, connection.target),
            source: connection.source,
            sourceHandle: handle,
            target: connection.target,
          };
          return { edges: addEdge(edge, others) };
        });
      },
      addNode: (type, position, data = {}) => {
        const id = newNodeId(type, new Set(get().nodes.map((n) => n.id)));
        change((s) => ({
          nodes: [
            ...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
            { id, type, position, data, selected: true, deletable: !isSingletonType(type) },
          ],
        }));
        return id;
      },
      updateNodeData: (nodeId, data) =>
        change(
          (s) => ({ nodes: s.nodes.map((n) => (n.id === nodeId ? { ...n, data } : n)) }),
          `data:${nodeId}`,
        ),
      updateMeta: (patch) => change((s) => ({ meta: { ...s.meta, ...patch } }), `meta:${Object.keys(patch)}`),
      setPositions: (positions) =>
        change((s) => ({
          nodes: s.nodes.map((n) => {
            const p = positions.get(n.id);
            return p ? { ...n, position: p } : n;
          }),
        })),
      deleteSelection: () =>
        change((s) => {
          const removed = new Set(
            s.nodes.filter((n) => n.selected && !isSingletonType(n.type)).map((n) => n.id),
          );
          return {
            nodes: s.nodes.filter((n) => !removed.has(n.id)),
            edges: s.edges.filter((e) => !e.selected && !removed.has(e.source) && !removed.has(e.target)),
          };
        }),
      copySelection: () => set({ clipboard: selectedSnapshot(get()) }),
      paste: () => {
        const clip = get().clipboard;
        if (clip) {
          insertCopies(clip);
          // A second paste lands beside the first rather than on top of it.
          set({
            clipboard: {
              ...clip,
              nodes: clip.nodes.map((n) => ({
                ...n,
                position: { x: n.position.x + 40, y: n.position.y + 40 },
              })),
            },
          });
        }
      },
      duplicateSelection: () => {
        const snap = selectedSnapshot(get());
        if (snap) insertCopies(snap);
      },
      selectOnly: (nodeId) =>
        set((s) => ({
          nodes: s.nodes.map((n) =>
            (n.id === nodeId) === Boolean(n.selected) ? n : { ...n, selected: n.id === nodeId },
          ),
          edges: s.edges.some((e) => e.selected) ? s.edges.map((e) => ({ ...e, selected: false })) : s.edges,
        })),
      focusNode: (nodeId, field) => {
        get().selectOnly(nodeId);
        const at = Date.now();
        // Only a field the block's form shows opens the form (an issue about a port names the port).
        const type = get().nodes.find((n) => n.id === nodeId)?.type;
        const form = findNodeDefinition(type ?? '')?.fields ?? [];
        const inForm = field && form.some((f) => field === f.name || field.startsWith(`${f.name}.`));
        set({
          focusRequest: { nodeId, at, zoomIn: true },
          fieldRequest: field && inForm ? { nodeId, field, at } : null,
        });
      },
      requestFit: () => set((s) => ({ fitRequest: s.fitRequest + 1 })),
      revealNode: (nodeId) => set({ focusRequest: { nodeId, at: Date.now(), zoomIn: false } }),
      undo: () => restore('past'),
      redo: () => restore('future'),
      replaceDocument: (next, revision) =>
        set((s) => ({
          nodes: next.nodes,
          edges: next.edges,
          meta: next.meta,
          past: [],
          future: [],
          revision,
          saveStatus: 'saved',
          saveError: null,
          saveErrorCode: null,
          version: s.version + 1,
        })),
      setSave: (status, revision, error = null, code = null) =>
        set((s) => ({
          saveStatus: status,
          revision: revision ?? s.revision,
          saveError: error,
          saveErrorCode: code,
        })),
      setAnalysis: (report, variableInfo) => {
        const byNode = new Map<string, NodeIssues>();
        const add = (issue: Issue, kind: keyof NodeIssues) => {
          if (!issue.nodeId) return;
          const entry = byNode.get(issue.nodeId) ?? { errors: [], warnings: [] };
          entry[kind].push(issue);
          byNode.set(issue.nodeId, entry);
        };
        for (const issue of report.errors) add(issue, 'errors');
        for (const issue of report.warnings) add(issue, 'warnings');
        set({ report, issuesByNode: byNode, variableInfo });
      },
      setActive: (nodeId, visited) =>
        set((s) => ({ activeNodeId: nodeId, visitedNodeIds: visited ?? s.visitedNodeIds })),
    };
  });
}

export type StudioStore = ReturnType<typeof createStudioStore>;
