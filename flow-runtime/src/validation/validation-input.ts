import type { Flow } from '../graph/flow-schema';
import type { NodeDefinition, PortDefinition } from '../nodes/node-definition';

/** A node as the checks see it: its definition and parsed data when both are usable. */
export interface CheckedNode {
  id: string;
  type: string;
  definition: NodeDefinition | null;
  data: unknown;
  /** null when the data does not parse, so the ports cannot be known (port checks are skipped). */
  ports: PortDefinition[] | null;
}

export interface ValidationInput {
  flow: Flow;
  nodes: Map<string, CheckedNode>;
  startIds: string[];
}
