import type { z } from 'zod';
import type { Localized } from '../i18n';
import type { SlotOptions, SlotType } from '../nlu-bridge';

/**
 * What the canvas and the validator know about a node type. Everything here is data (no handler), so the
 * editor can render the palette, the node and its inspector form from it.
 */
export type NodeCategory = 'flow' | 'conversation' | 'logic' | 'integration' | 'handoff';

export interface PortDefinition {
  /** Equals the xyflow handle id and the edge's sourceHandle. */
  id: string;
  label: Localized;
  /** `fallback` ports handle failures; leaving one unconnected draws a warning. */
  kind: 'main' | 'branch' | 'fallback';
  /** A fallback the runtime covers well by itself, so leaving it unconnected draws no warning. */
  optional?: boolean;
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'switch'
  | 'select'
  | 'tags'
  | 'variable'
  | 'tool'
  | 'knowledge_bases'
  /** A CRM connection's id, or empty for the built-in CRM. */
  | 'crm_connection'
  /** A calendar connection's id (Google Calendar), for Book appointment. */
  | 'calendar_connection'
  /** A calendar of the connection the node chose (`primary`: the account's main one). */
  | 'calendar'
  /** One of the project's messaging channels, and a template of the channel the node chose (issue 22). */
  | 'messaging_channel'
  | 'message_template'
  /** A Transfer block's target: one of the project's operator queues when it transfers to a queue, else text. */
  | 'transfer_target'
  | 'tools'
  | 'node'
  | 'expression'
  | 'key_value'
  | 'list';

export interface FieldLayout {
  /** Dotted path in node.data. */
  name: string;
  kind: FieldKind;
  label: Localized;
  help?: Localized;
  required?: boolean;
  options?: { value: string; label: Localized }[];
  /** Shown only when another field has this value (e.g. regex only for text slots). */
  showIf?: { field: string; equals: string | boolean | number | (string | number)[] };
  /** For `list` fields: the form of one item. */
  itemFields?: FieldLayout[];
  /** For `list` fields whose items carry a stable `id` (a port id): the prefix the editor gives new ones. */
  itemIdPrefix?: string;
}

/** A slot a node collects, so the runtime can fill it out of order when the caller offers it early. */
export interface CollectedSlot {
  variable: string;
  slotType: SlotType;
  options: Pick<SlotOptions, 'choices'>;
  /** Whether the node may take this slot from an answer to an earlier question (and skip asking). */
  acceptsEarlyAnswer: boolean;
}

/** Names a node refers to, checked by the validator against the flow's declarations. */
export interface NodeReferences {
  tools?: string[];
  knowledgeBases?: string[];
  intents?: string[];
  nodes?: string[];
  expressions?: { field: string; source: string }[];
}

export type VariableType = 'string' | 'number' | 'boolean' | 'object' | 'list';

/** A variable a node writes: its name, the field that names it, and what kind of write it is. */
export interface VariableWrite {
  name: string;
  /** Dotted path in node.data, as the inspector and validation name fields (`assignments.0.variable`). */
  field: string;
  /** What sets it (`ask`, `tool_result`…); Ask answers (`ask`) are also offered as `slots.<name>`. */
  kind: string;
  /** The type the written value has, when the node knows it (a number slot, a list of chunks). */
  type: VariableType | null;
}

/** What a node sets and reads, for the studio's variables panel and prompt autocomplete. */
export interface NodeVariables<Data> {
  /** Fields the runtime renders as `{{templates}}`; other strings (caller phrases, ids) are not read. */
  templateFields: RegExp;
  sets?: (data: Data) => VariableWrite[];
  /** Fields holding expressions rather than text (their variables are read as expressions). */
  expressionFields?: (data: Data) => string[];
  /** Variables read by name, with no placeholder (a router's input). */
  reads?: (data: Data) => { name: string; field: string }[];
}

/** What callers may answer a node with, so a grammar-constrained recogniser can hear it. */
export interface NodePhrases {
  phrases: string[];
  /** The node reads spoken numbers: number words are heard in any order. */
  numbers?: boolean;
}

export interface NodeDefinition<Schema extends z.ZodType = z.ZodType> {
  type: string;
  label: Localized;
  description: Localized;
  /** The icon drawn on the canvas: SVG path data for a 24×24 stroke drawing. */
  iconPath: string;
  category: NodeCategory;
  /** Parses saved data and applies defaults; saved data keeps only what the user set. */
  dataSchema: Schema;
  fields: FieldLayout[];
  ports: (data: z.output<Schema>) => PortDefinition[];
  /** Whether reaching this node can wait for the caller; a cycle must pass one (validation). */
  listens: (data: z.output<Schema>) => boolean;
  /** The flow's control ends here (hangup or handoff): no "dead end" warning for unconnected ports. */
  terminal?: boolean;
  /** The call begins here (Start): the turn loop starts at it, and nothing connects into it. */
  entry?: true;
  /** At most this many per flow; 1 makes a singleton (Start) the studio never copies, adds or deletes. */
  maxPerFlow?: number;
  references?: (data: z.output<Schema>) => NodeReferences;
  collects?: (data: z.output<Schema>) => CollectedSlot | null;
  variables?: NodeVariables<z.output<Schema>>;
  phrases?: (data: z.output<Schema>) => NodePhrases;
  /**
   * The port taken when the media server reports that this node's handoff failed (a tool_result for
   * TRANSFER_CALL_ID while the call waits for an operator); without one the runtime apologises and re-asks.
   */
  handoffFailedPort?: string;
}

/** Node definitions by type, data types erased: the registry's (definitions.ts) or a test's own. */
export type NodeDefinitions = Readonly<Record<string, NodeDefinition>>;

/** A singleton has no palette entry, no delete button and is never copied. */
export const isSingleton = (definition: Pick<NodeDefinition, 'maxPerFlow'> | undefined): boolean =>
  definition?.maxPerFlow === 1;

export function defineNode<Schema extends z.ZodType>(
  definition: NodeDefinition<Schema>,
): NodeDefinition<Schema> {
  return definition;
}
