// The variables of a flow for the variables panel and prompt autocomplete: what the flow declares, what
// its nodes set (Ask slots, Set variable, Tool results and mappings, Knowledge results) and what they use
// ({{placeholders}} in texts and prompts, expressions, a router's input), each with the nodes and fields.
// Defaults of node data are applied here by hand (the same ones the node schemas apply on read), so
// saved flows that omit them read the same as parsed ones. Pure and browser-safe.
import type { Flow, FlowInput } from '#flow-runtime/graph/flow-schema';
import { placeholdersIn, stringsIn, variablesInExpression } from './variable-references';

export type VariableType = 'string' | 'number' | 'boolean' | 'object' | 'list';

export type SetKind = 'ask' | 'set_variable' | 'tool_result' | 'tool_mapping' | 'knowledge_result';
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

type Data = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): Data[] =>
  Array.isArray(value) ? value.filter((item): item is Data => typeof item === 'object' && item !== null) : [];

const SLOT_TYPES: Record<string, VariableType> = { number: 'number', yes_no: 'boolean' };

interface Found {
  sets: (VariableSite<SetKind> & { name: string; type: VariableType | null })[];
  uses: (VariableSite<UseKind> & { name: string })[];
}

function setsOf(node: VariableGraph['nodes'][number], data: Data): Found['sets'] {
  const at = (name: string | undefined, field: string, kind: SetKind, type: VariableType | null) =>
    name ? [{ name, nodeId: node.id, nodeType: node.type, field, kind, type }] : [];
  switch (node.type) {
    case 'ask':
      return at(text(data.variable), 'variable', 'ask', SLOT_TYPES[text(data.slotType) ?? ''] ?? 'string');
    case 'set_variable':
      return list(data.assignments).flatMap((a, i) =>
        at(text(a.variable), `assignments.${i}.variable`, 'set_variable', null),
      );
    case 'tool':
      return [
        ...at(text(data.resultVariable), 'resultVariable', 'tool_result', null),
        ...list(data.mappings).flatMap((m, i) =>
          at(text(m.variable), `mappings.${i}.variable`, 'tool_mapping', null),
        ),
      ];
    case 'knowledge': {
      const name = text(data.resultVariable) ?? 'knowledge';
      return [
        ...at(name, 'resultVariable', 'knowledge_result', 'list'),
        ...at(`${name}_text`, 'resultVariable', 'knowledge_result', 'string'),
      ];
    }
    default:
      return [];
  }
}

/**
 * Fields the runtime renders as templates, per node type (caller phrases such as example utterances are
 * not). A node type not listed here has every string read, so a new type is never silently skipped.
 */
const TEMPLATE_FIELDS: Record<string, RegExp> = {
  say: /^text$/,
  ask: /^(prompt|noMatchPrompt|noInputPrompt)$/,
  agent: /^(goal|prompt|firstMessage|noInputPrompt|fallbackAnswer)$/,
  tool: /^args\./,
  knowledge: /^query$/,
  transfer: /^(message|summary|target\.value)$/,
  end: /^message$/,
  set_variable: /^assignments\.\d+\.value$/,
  router: /^$/,
  start: /^$/,
};

/** Fields that hold expressions rather than text, per node type. */
function expressionFields(node: VariableGraph['nodes'][number], data: Data): Set<string> {
  if (node.type === 'router' && (text(data.mode) ?? 'expression') === 'expression')
    return new Set(list(data.routes).map((_r, i) => `routes.${i}.expression`));
  if (node.type === 'set_variable')
    return new Set(
      list(data.assignments).flatMap((a, i) => (a.mode === 'expression' ? [`assignments.${i}.value`] : [])),
    );
  return new Set();
}

function usesOf(node: VariableGraph['nodes'][number], data: Data): Found['uses'] {
  const uses: Found['uses'] = [];
  const add = (name: string, field: string, kind: UseKind) =>
    uses.push({ name, nodeId: node.id, nodeType: node.type, field, kind });
  const expressions = expressionFields(node, data);
  for (const { path, text: value } of stringsIn(data)) {
    if (expressions.has(path)) for (const name of variablesInExpression(value)) add(name, path, 'expression');
    else if (TEMPLATE_FIELDS[node.type]?.test(path) ?? true)
      for (const name of placeholdersIn(value)) add(name, path, 'template');
  }
  if (node.type === 'router' && text(data.mode) === 'intent')
    add(text(data.input) ?? 'last_utterance', 'input', 'input');
  if (node.type === 'knowledge' && data.query === undefined) add('last_utterance', 'query', 'template');
  return uses;
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

/** Every variable of the flow: declared ones first (in their order), then in node order, built-ins last. */
export function collectFlowVariables(flow: VariableGraph): FlowVariableInfo[] {
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
    const data = (node.data ?? {}) as Data;
    for (const { name, type, ...site } of setsOf(node, data)) {
      const info = entry(name);
      info.setBy.push(site);
      info.type ??= type;
    }
    for (const { name, ...site } of usesOf(node, data)) entry(name).usedBy.push(site);
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
      info.unset = info.usedBy.length > 0 && !info.declared && !info.builtIn && info.setBy.length === 0;
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
