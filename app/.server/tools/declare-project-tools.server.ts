import { isNodeType, nodeRegistry, type FlowTool, type NodeDefinition } from '#flow-runtime/index';
import { db } from '../db.ts';
import { BUILTIN_TOOLS, CLOCK_TOOL } from './builtin-catalog.ts';
import { toolParametersSchema } from './project-tool-input.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function referencedTools(nodes: unknown[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    if (!isObject(node) || typeof node.type !== 'string' || !isNodeType(node.type)) continue;
    const definition: NodeDefinition = nodeRegistry[node.type].definition;
    if (!definition.references) continue;
    const data = definition.dataSchema.safeParse(node.data ?? {});
    if (!data.success) continue;
    for (const name of definition.references(data.data).tools ?? []) names.add(name);
  }
  return names;
}

/**
 * The flow with its project tools declared as they are now: every tool a block names that is one of the
 * project's (or the built-in clock) gets a `project` (`builtin`) entry in `tools` carrying its current
 * description and argument schema, which is what the LLM is offered. Run when a version is published and
 * when a test conversation starts, so each snapshot offers the tools as they were then; the HTTP details
 * and the secret are read at each call. A tool the flow defines itself (`http`) is left alone. Any other
 * graph (an older schema version, not an object) comes back unchanged.
 */
export async function declareProjectTools(projectId: string, graph: unknown): Promise<unknown> {
  if (!isObject(graph) || graph.schemaVersion !== 2 || !Array.isArray(graph.nodes)) return graph;
  const declared = Array.isArray(graph.tools) ? graph.tools.filter(isObject) : [];
  const wanted = referencedTools(graph.nodes);
  for (const tool of declared)
    if (tool.kind === 'project' && typeof tool.name === 'string') wanted.add(tool.name);
  const own = new Set(
    declared.filter((t) => t.kind !== 'project' && t.kind !== 'builtin').map((t) => t.name),
  );
  const names = [...wanted].filter((name) => !own.has(name));
  if (names.length === 0) return graph;

  const rows = await db().projectTool.findMany({
    where: { projectId, name: { in: names } },
    select: { name: true, description: true, parameters: true },
  });
  const fresh = new Map<string, FlowTool>();
  for (const row of rows) {
    const parameters = toolParametersSchema.safeParse(row.parameters);
    fresh.set(row.name, {
      name: row.name,
      description: row.description,
      parameters: parameters.success ? parameters.data : { type: 'object', properties: {} },
      kind: 'project',
    });
  }
  const clock = BUILTIN_TOOLS.find((b) => b.name === CLOCK_TOOL);
  if (clock && names.includes(CLOCK_TOOL) && !fresh.has(CLOCK_TOOL)) {
    fresh.set(CLOCK_TOOL, {
      name: CLOCK_TOOL,
      description: clock.description,
      parameters: clock.parameters,
      kind: 'builtin',
      builtin: CLOCK_TOOL,
    });
  }
  const tools: unknown[] = declared.map((tool) =>
    typeof tool.name === 'string' && fresh.has(tool.name) && !own.has(tool.name)
      ? fresh.get(tool.name)
      : tool,
  );
  const present = new Set(declared.map((t) => t.name));
  for (const [name, tool] of fresh) if (!present.has(name)) tools.push(tool);
  return { ...graph, tools };
}
