/**
 * The flow runtime's public API: the graph schema (parse, migrate, validate), node definitions for the
 * canvas, and runTurn for the media server. Pure: no IO except through the ports the caller passes in.
 */
export * from './commands';
export * from './events';
export type * from './ports';
export { languageSchema, localizedSchema, pick, type Language, type Localized } from './i18n';
export type { JsonValue } from './json';

export * from './graph/flow-schema';
export {
  flowSettingsSchema,
  globalHandlersSchema,
  transferTargetSchema,
  DEFAULT_FALLBACK_MESSAGE,
} from './graph/flow-settings';
export type {
  FlowSettings,
  GlobalHandlersSettings,
  SpeechSettings,
  TransferTarget,
} from './graph/flow-settings';
export { parseFlow, parseFlowOrThrow, type ParseFlowResult } from './graph/parse-flow';
export { migrateFlow, schemaVersionOf } from './graph/migrate-flow';
export { MAX_FLOW_EDGES, MAX_FLOW_NODES, flowSizeIssues } from './graph/flow-limits';
export { compileFlow, type CompiledFlow } from './graph/compile-flow';

export { validateFlow } from './validation/validate-flow';
export { expectedPhrases, type ExpectedPhrases } from './analysis/expected-phrases';
export {
  collectFlowVariables,
  variableSuggestions,
  BUILT_IN_VARIABLES,
  CAMPAIGN_CALL_VARIABLES,
  type FlowVariableInfo,
  type VariableSuggestion,
} from './analysis/flow-variables';
/** The English number words the NLU reads, for recognisers that must hear the same words. */
export { EN_TEENS, EN_TENS, EN_UNITS } from './nlu/number-words';
export type { Issue, IssueCode, ValidationReport } from './validation/issue';

export {
  nodeRegistry,
  nodeDefinitions,
  nodeTypes,
  isNodeType,
  nodeEntry,
  type NodeType,
  type AnyNodeEntry,
  type NodeRegistry,
} from './nodes/registry';
export { definitionsByType, nodeDefinitionsByType } from './nodes/definitions';
export { definitionsOf } from './nodes/node-entry';
export { isSingleton } from './nodes/node-definition';
export type {
  NodeDefinitions,
  NodeVariables,
  NodePhrases,
  VariableWrite,
  NodeDefinition,
  PortDefinition,
  FieldLayout,
  FieldKind,
  NodeCategory,
} from './nodes/node-definition';

export { runTurn, type TurnResult } from './run-turn';
export { initialState } from './runtime/initial-state';
export {
  runtimeStateSchema,
  type RuntimeState,
  type SlotValue,
  type TranscriptLine,
} from './runtime/runtime-state';
export { RuntimeError, isRuntimeError, type RuntimeErrorCode } from './runtime/runtime-error';
export type { TurnTrace, TraceStep, VariableChange, ToolCallTrace, LlmCallTrace } from './runtime/turn-trace';
export type { StepContext, StepResult, NodeHandler } from './runtime/step';
export { TRANSFER_CALL_ID } from './runtime/dispatch-event';
export { builtInGlobalPhrases, type GlobalHandlerName } from './runtime/global-handlers';
export { evaluateExpression, compileExpression } from './expression/evaluate-expression';

export { createFakePorts, type FakePorts, type FakePortsOptions } from './testing/fake-ports';
