import type { Localized } from '../i18n';

/** Codes are stable (tests, the canvas and the API key on them); messages are for business users. */
export type IssueCode =
  | 'invalid_flow'
  | 'flow_too_large'
  | 'unsupported_schema_version'
  | 'no_start'
  | 'multiple_starts'
  | 'duplicate_node_id'
  | 'unknown_node_type'
  | 'invalid_node_data'
  | 'required_field_missing'
  | 'dangling_edge'
  | 'duplicate_edge'
  | 'port_has_several_edges'
  | 'unknown_port'
  | 'unreachable_node'
  | 'missing_fallback_port'
  | 'dead_end'
  | 'loop_without_listening'
  | 'unknown_tool'
  | 'unknown_knowledge_base'
  | 'unknown_intent'
  | 'unknown_node_reference'
  | 'invalid_expression'
  | 'duplicate_variable'
  | 'no_operator_target';

export interface Issue {
  code: IssueCode;
  message: Localized;
  nodeId?: string;
  edgeId?: string;
  /** Dotted path of the node data field (or flow field) the issue is about, for the inspector form. */
  field?: string;
}

export interface ValidationReport {
  errors: Issue[];
  warnings: Issue[];
}
