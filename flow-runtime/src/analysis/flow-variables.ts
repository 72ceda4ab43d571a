// The variables of a flow for the variables panel and prompt autocomplete: what the flow declares, what
// its nodes set and what they use ({{placeholders}} in texts and prompts, expressions, a router's input),
// each with the nodes and fields. Each node type says what it sets and reads (NodeDefinition.variables);
// its data is read with its own schema, so defaults count as the runtime applies them. Pure and browser-safe.
import type { Flow, FlowInput } from '../graph/flow-schema';
import type { NodeDefinition, NodeDefinitions, VariableType } from '../nodes/node-definition';
import { isRepaired, readNodeData } from './read-node-data';
import { placeholdersIn, stringsIn, variablesInExpression } from './variable-references';

export type { NodeDefinitions, VariableType };

/** What sets a variable, as the node type names it: `ask`, `set_variable`, `tool_result`, `knowledge_result`… */
export type SetKind = string;
export type UseKind = 'template' | 'expression' | 'input';

export interface VariableSite<Kind extends string> {
  nodeId: string;
  nodeType: string;
  /** Dotted path in node.data, as the inspector and validation name fields (`assignments.0.variable`). */
  field: string;
  kind: Kind;
}

export interface FlowVariableInfo {
  name: string;
  /** Declared in flow.variables (with its type and default), or null. */
  declared: { type: VariableType; default?: unknown } | null;
  /** The declared type, else one inferred from what sets it (a number slot, a knowledge list), else null. */
  type: VariableType | null;
  /** Always there at runtime: last_utterance, caller_number, language. */
  builtIn: boolean;
  /** Given by what starts the call: a campaign's contact columns (`campaign`) when one uses the agent. */
  providedBy?: 'campaign';
  setBy: VariableSite<SetKind>[];
  usedBy: VariableSite<UseKind>[];
  /** Used somewhere but neither declared, built in nor set by any node: it will read as empty. */
  unset: boolean;
}

export type VariableGraph = Pick<FlowInput | Flow, 'nodes' | 'variables'>;

export const BUILT_IN_VARIABLES: readonly { name: string; type: VariableType }[] = [
  { name: 'last_utterance', type: 'string' },
  { name: 'caller_number', type: 'string' },
  { name: 'language', type: 'string' },
];

interface Found {
  sets: (VariableSite<SetKind> & { name: string; type: VariableType | null })[];
  uses: (VariableSite<UseKind> & { name: string })[];
}

function templateUses(
  node: VariableGraph['nodes'][number],
  data: unknown,
  isTemplate: (path: string) => boolean,
  expressions: ReadonlySet<string>,
): Found['uses'] {
  const uses: Found['uses'] = [];
  const add = (name: string, field: string, kind: UseKind) =>
    uses.push({ name, nodeId: node.id, nodeType: node.type, field, kind });
  for (const { path, text: value } of stringsIn(data)) {
    if (expressions.has(path)) for (const name of variablesInExpression(value)) add(name, path, 'expression');
    else if (isTemplate(path)) for (const name of placeholdersIn(value)) add(name, path, 'template');
  }
  return uses;
}

interface CachedFound {
  nodeId: string;
  nodeType: string;
  definition: NodeDefinition | undefined;
  found: Found;
}

/**
 * Per data object: the studio replaces a node's data when it changes, so the analysis after an edit reads
 * the edited node only.
 */
const foundCache = new WeakMap<object, CachedFound>();

function variablesOf(node: VariableGraph['nodes'][number], definitions: NodeDefinitions): Found {
  const definition = Object.hasOwn(definitions, node.type) ? definitions[node.type] : undefined;
  const data = node.data;
  if (typeof data !== 'object' || data === null) return analyse(node, definition);
  const cached = foundCache.get(data);
  if (cached?.nodeId === node.id && cached.nodeType === node.type && cached.definition === definition)
    return cached.found;
  const found = analyse(node, definition);
  foundCache.set(data, { nodeId: node.id, nodeType: node.type, definition, found });
  return found;
}

/**
 * What one node sets and uses. A type the definitions do not know has every string read as a template,
 * so nothing is silently skipped; data that cannot be read even with stand-ins keeps its templates only.
 */
function analyse(node: VariableGraph['nodes'][number], definition: NodeDefinition | undefined): Found {
  if (!definition) return { sets: [], uses: templateUses(node, node.data ?? {}, () => true, new Set()) };
  const hooks = definition.variables;
  const isTemplate = (path: string) => hooks?.templateFields.test(path) ?? true;
  const read = readNodeData(definition.dataSchema, node.data);
  if (!read) return { sets: [], uses: templateUses(node, node.data ?? {}, isTemplate, new Set()) };
  const real = (site: { field: string }) => !isRepaired(site.field, read.repaired);
  const site = { nodeId: node.id, nodeType: node.type };
  const sets = (hooks?.sets?.(read.data) ?? [])
    .filter((write) => write.name && real(write))
    .map(({ name, field, kind, type }) => ({ ...site, name, field, kind, type }));
  const expressions = new Set(hooks?.expressionFields?.(read.data) ?? []);
  const uses = [
    ...templateUses(node, read.data, isTemplate, expressions),
    ...(hooks?.reads?.(read.data) ?? []).map(({ name, field }) => ({
      ...site,
      name,
      field,
      kind: 'input' as const,
    })),
  ].filter(real);
  return { sets, uses };
}

function dedupe<T extends { nodeId: string; field: string; kind: string }>(sites: T[]): T[] {
  const seen = new Set<string>();
  return sites.filter((site) => {
    const key = `${site.nodeId}\u0000${site.field}\u0000${site.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Variables a campaign's call starts with, whatever its list's columns (campaign-call-variables.server.ts). */
export const CAMPAIGN_CALL_VARIABLES: readonly string[] = [
  'contact_name',
  'contact_phone',
  'contact_timezone',
  'campaign_id',
  'campaign_attempt',
  'answered_by',
];

export interface FlowVariableOptions {
  /** Names a campaign that uses this agent gives its calls (its list's columns and the fixed ones). */
  campaignVariables?: readonly string[];
}

/**
 * Every variable of the flow: declared ones first (in their order), then in node order, then the ones a
 * campaign provides, built-ins last.
 */
export function collectFlowVariables(
  flow: VariableGraph,
  definitions: NodeDefinitions,
  options: FlowVariableOptions = {},
): FlowVariableInfo[] {
  const order: string[] = [];
  const byName = new Map<string, FlowVariableInfo>();
  const entry = (name: string): FlowVariableInfo => {
    let info = byName.get(name);
    if (!info) {
      info = { name, declared: null, type: null, builtIn: false, setBy: [], usedBy: [], unset: false };
      byName.set(name, info);
      order.push(name);
    }
    return info;
  };
  for (const variable of flow.variables ?? []) {
    const info = entry(variable.name);
    info.declared = {
      type: variable.type ?? 'string',
      ...(variable.default !== undefined ? { default: variable.default } : {}),
    };
    info.type = info.declared.type;
  }
  for (const node of flow.nodes) {
    const { sets, uses } = variablesOf(node, definitions);
    for (const { name, type, ...site } of sets) {
      const info = entry(name);
      info.setBy.push(site);
      info.type ??= type;
    }
    for (const { name, ...site } of uses) entry(name).usedBy.push(site);
  }
  for (const name of options.campaignVariables ?? []) {
    const info = entry(name);
    info.providedBy = 'campaign';
    info.type ??= 'string';
  }
  for (const builtIn of BUILT_IN_VARIABLES) {
    const info = entry(builtIn.name);
    info.builtIn = true;
    info.type ??= builtIn.type;
  }
  const builtIns = new Set(BUILT_IN_VARIABLES.map((v) => v.name));
  return [...order.filter((name) => !builtIns.has(name)), ...BUILT_IN_VARIABLES.map((v) => v.name)].map(
    (name) => {
      const info = byName.get(name) as FlowVariableInfo;
      info.setBy = dedupe(info.setBy);
      info.usedBy = dedupe(info.usedBy);
      info.unset =
        info.usedBy.length > 0 &&
        !info.declared &&
        !info.builtIn &&
        !info.providedBy &&
        info.setBy.length === 0;
      return info;
    },
  );
}

export interface VariableSuggestion {
  /** What goes between the braces: `name`, or `slots.date` for a slot's spoken form. */
  insert: string;
  type: VariableType | null;
  builtIn: boolean;
}

/** What a prompt editor offers after `{{`: every variable, plus `slots.<name>` for each Ask's answer. */
export function variableSuggestions(variables: readonly FlowVariableInfo[]): VariableSuggestion[] {
  const plain = variables.map((v) => ({ insert: v.name, type: v.type, builtIn: v.builtIn }));
  const slots = variables
    .filter((v) => v.setBy.some((site) => site.kind === 'ask'))
    .map((v) => ({ insert: `slots.${v.name}`, type: 'string' as const, builtIn: false }));
  return [...plain, ...slots];
}
