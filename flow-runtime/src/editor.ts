/**
 * The flow runtime for the editor (browser): schema, parsing, validation and node definitions, with no
 * runtime handlers, NLU or providers. `index.ts` is the whole runtime for servers.
 */
export type * from './commands';
export type * from './events';
export { languageSchema, pick, type Language, type Localized } from './i18n';
export type { JsonValue } from './json';

export * from './graph/flow-schema';
export type { FlowSettings, TransferTarget } from './graph/flow-settings';
export { parseFlow, type ParseFlowResult } from './graph/parse-flow';
export { MAX_FLOW_EDGES, MAX_FLOW_NODES } from './graph/flow-limits';

export { validateFlow } from './validation/validate-flow';
export type { Issue, IssueCode, ValidationReport } from './validation/issue';

export {
  definitionsByType,
  findNodeDefinition,
  isNodeType,
  nodeDefinitions,
  nodeTypes,
  type NodeType,
} from './nodes/definitions';
export type {
  NodeDefinition,
  PortDefinition,
  FieldLayout,
  FieldKind,
  NodeCategory,
} from './nodes/node-definition';
export type { TurnTrace, TraceStep, VariableChange, ToolCallTrace, LlmCallTrace } from './runtime/turn-trace';
