/**
 * The flow runtime for the editor (browser): schema, parsing, validation and node definitions, with no
 * runtime handlers, NLU or providers. `index.ts` is the whole runtime for servers.
 */
export type * from './commands';
export type * from './events';
export { languageSchema, pick, type Language, type Localized } from './i18n';
export type { JsonValue } from './json';

export * from './graph/flow-schema';
export type { FlowSettings, SpeechSettings, TransferTarget } from './graph/flow-settings';
export { parseFlow, type ParseFlowResult } from './graph/parse-flow';
export { MAX_FLOW_EDGES, MAX_FLOW_NODES } from './graph/flow-limits';

export { validateFlow } from './validation/validate-flow';
export { fieldLabel } from './validation/field-label';
/** What the variables panel and prompt autocomplete show, computed from the node definitions. */
export {
  collectFlowVariables,
  variableSuggestions,
  BUILT_IN_VARIABLES,
  CAMPAIGN_CALL_VARIABLES,
  type FlowVariableInfo,
  type VariableSite,
  type VariableSuggestion,
  type VariableType,
  type SetKind,
  type UseKind,
} from './analysis/flow-variables';
export { placeholdersIn, variablesInExpression } from './analysis/variable-references';
export type { Issue, IssueCode, ValidationReport } from './validation/issue';

export {
  definitionsByType,
  findNodeDefinition,
  isEntryType,
  isNodeType,
  isSingletonType,
  nodeDefinitions,
  nodeDefinitionsByType,
  nodeTypes,
  type NodeType,
} from './nodes/definitions';
export { isSingleton } from './nodes/node-definition';
export type {
  NodeDefinitions,
  NodeDefinition,
  PortDefinition,
  FieldLayout,
  FieldKind,
  NodeCategory,
} from './nodes/node-definition';
export type { TurnTrace, TraceStep, VariableChange, ToolCallTrace, LlmCallTrace } from './runtime/turn-trace';
