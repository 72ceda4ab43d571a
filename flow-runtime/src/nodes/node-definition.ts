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

export interface NodeDefinition<Schema extends z.ZodType = z.ZodType> {
  type: string;
  label: Localized;
  description: Localized;
  /** A lucide icon name. */
  icon: string;
  category: NodeCategory;
  /** Parses saved data and applies defaults; saved data keeps only what the user set. */
  dataSchema: Schema;
  fields: FieldLayout[];
  ports: (data: z.output<Schema>) => PortDefinition[];
  /** Whether reaching this node can wait for the caller; a cycle must pass one (validation). */
  listens: (data: z.output<Schema>) => boolean;
  /** The flow's control ends here (hangup or handoff): no "dead end" warning for unconnected ports. */
  terminal?: boolean;
  /** Omitted for a single instance (Start). */
  maxPerFlow?: number;
  references?: (data: z.output<Schema>) => NodeReferences;
  collects?: (data: z.output<Schema>) => CollectedSlot | null;
}

export function defineNode<Schema extends z.ZodType>(
  definition: NodeDefinition<Schema>,
): NodeDefinition<Schema> {
  return definition;
}
