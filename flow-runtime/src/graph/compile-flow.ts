import type { CollectedSlot } from '../nodes/node-definition';
import type { AnyNodeEntry, NodeRegistry } from '../nodes/node-entry';
import type { Flow, FlowIntent, FlowTool } from './flow-schema';

/**
 * A flow prepared for fast turns: node data parsed once (defaults applied), edges indexed by port. Compiled
 * flows are cached per flow object, so a published version held in memory is compiled on its first turn
 * only.
 */
export interface CompiledNode {
  id: string;
  type: string;
  entry: AnyNodeEntry | null;
  /** Parsed data, or null when the type is unknown or the data does not parse (see `dataError`). */
  data: unknown;
  dataError: string | null;
}

export interface CompiledFlow {
  flow: Flow;
  /** The node types it was compiled with. */
  registry: NodeRegistry;
  nodes: ReadonlyMap<string, CompiledNode>;
  startId: string | null;
  intents: ReadonlyMap<string, FlowIntent>;
  tools: ReadonlyMap<string, FlowTool>;
  /** Slots collected by Ask-like nodes, by node id. */
  collectors: ReadonlyMap<string, CollectedSlot>;
  target(nodeId: string, port: string): string | null;
  /** Collecting nodes reachable from `nodeId`, nearest first (for out-of-order slots). */
  collectorsAhead(nodeId: string): readonly string[];
}

const cache = new WeakMap<Flow, CompiledFlow>();

const edgeKey = (source: string, port: string) => `${source}\u0000${port}`;

function compileNode(raw: Flow['nodes'][number], registry: NodeRegistry): CompiledNode {
  const entry = Object.hasOwn(registry, raw.type) ? registry[raw.type] : undefined;
  if (!entry)
    return { id: raw.id, type: raw.type, entry: null, data: null, dataError: `unknown type ${raw.type}` };
  const parsed = entry.definition.dataSchema.safeParse(raw.data);
  if (!parsed.success) {
    return {
      id: raw.id,
      type: raw.type,
      entry,
      data: null,
      dataError: parsed.error.issues[0]?.message ?? 'invalid',
    };
  }
  return { id: raw.id, type: raw.type, entry, data: parsed.data, dataError: null };
}

/** Compiles with the node types passed in (the registry, or a test's own), so nothing here reaches a global. */
export function compileFlow(flow: Flow, registry: NodeRegistry): CompiledFlow {
  const cached = cache.get(flow);
  if (cached?.registry === registry) return cached;

  const nodes = new Map<string, CompiledNode>();
  const collectors = new Map<string, CollectedSlot>();
  let startId: string | null = null;
  for (const raw of flow.nodes) {
    if (nodes.has(raw.id)) continue; // duplicates are a validation error; the first one wins at runtime
    const node = compileNode(raw, registry);
    nodes.set(node.id, node);
    if (node.entry?.definition.entry && startId === null) startId = node.id;
    const collected = node.entry && node.data !== null ? node.entry.definition.collects?.(node.data) : null;
    if (collected) collectors.set(node.id, collected);
  }

  const edges = new Map<string, string>();
  const successors = new Map<string, string[]>();
  for (const edge of flow.edges) {
    const key = edgeKey(edge.source, edge.sourceHandle);
    if (!edges.has(key)) edges.set(key, edge.target);
    const list = successors.get(edge.source) ?? [];
    list.push(edge.target);
    successors.set(edge.source, list);
  }

  const aheadCache = new Map<string, readonly string[]>();
  const collectorsAhead = (nodeId: string): readonly string[] => {
    const known = aheadCache.get(nodeId);
    if (known) return known;
    const seen = new Set<string>([nodeId]);
    const queue = [nodeId];
    const found: string[] = [];
    for (let index = 0; index < queue.length; index++) {
      for (const next of successors.get(queue[index] as string) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
        if (collectors.has(next)) found.push(next);
      }
    }
    aheadCache.set(nodeId, found);
    return found;
  };

  const compiled: CompiledFlow = {
    flow,
    registry,
    nodes,
    startId,
    intents: new Map(flow.intents.map((intent) => [intent.name, intent])),
    tools: new Map(flow.tools.map((tool) => [tool.name, tool])),
    collectors,
    target: (nodeId, port) => edges.get(edgeKey(nodeId, port)) ?? null,
    collectorsAhead,
  };
  cache.set(flow, compiled);
  return compiled;
}
