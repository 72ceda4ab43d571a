import type { Flow } from './flow-schema';
import type { TransferTarget } from './flow-settings';

export type OperatorDestination =
  { kind: 'node'; nodeId: string } | { kind: 'target'; target: TransferTarget } | null;

/**
 * Where "a person, please" goes: the block the settings name, else the flow's own Transfer block, else the
 * transfer target set in the flow's settings. null when the flow says nowhere (validation warns, and the
 * caller is told no one can be reached rather than being sent to a target nobody defined).
 */
export function operatorDestination(flow: Flow): OperatorDestination {
  const operator = flow.settings.globalHandlers.operator;
  const ids = new Set(flow.nodes.map((node) => node.id));
  if (operator.targetNodeId && ids.has(operator.targetNodeId))
    return { kind: 'node', nodeId: operator.targetNodeId };
  const transfer = flow.nodes.find((node) => node.type === 'transfer');
  if (transfer) return { kind: 'node', nodeId: transfer.id };
  if (operator.target) return { kind: 'target', target: operator.target };
  return null;
}
