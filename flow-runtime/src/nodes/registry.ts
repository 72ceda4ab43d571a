// Pairs each definition (definitions.ts) with its runtime handler. `.node.js` imports live in definitions.ts:
// Node and tsx read a `.node` suffix as a native addon and never try `.ts`.
import type { z } from 'zod';
import type { NodeHandler } from '../runtime/step';
import { handleAgent } from './agent/agent.handler';
import { handleAsk } from './ask/ask.handler';
import { handleEnd } from './end/end.handler';
import { handleKnowledge } from './knowledge/knowledge.handler';
import { definitionsByType as d, type NodeType } from './definitions';
import type { NodeDefinition } from './node-definition';
import { handleRouter } from './router/router.handler';
import { handleSay } from './say/say.handler';
import { handleSetVariable } from './set-variable/set-variable.handler';
import { handleStart } from './start/start.handler';
import { handleTool } from './tool/tool.handler';
import { handleTransfer } from './transfer/transfer.handler';

/** A node type with its data type erased, as the runtime stores it after `entry` checked the pairing. */
export interface AnyNodeEntry {
  definition: NodeDefinition;
  handler: NodeHandler<unknown>;
}

/**
 * Pairs a definition with its handler; the type parameter makes the compiler check that the handler
 * accepts exactly the data its schema produces. The runtime only ever passes data parsed by that schema.
 */
function entry<Schema extends z.ZodType>(
  definition: NodeDefinition<Schema>,
  handler: NodeHandler<z.output<Schema>>,
): AnyNodeEntry {
  return { definition, handler } as unknown as AnyNodeEntry;
}

/** Every node type, one line each. Keys equal `definition.type` (the registry test checks it). */
export const nodeRegistry = {
  start: entry(d.start, handleStart),
  say: entry(d.say, handleSay),
  ask: entry(d.ask, handleAsk),
  agent: entry(d.agent, handleAgent),
  router: entry(d.router, handleRouter),
  tool: entry(d.tool, handleTool),
  knowledge: entry(d.knowledge, handleKnowledge),
  set_variable: entry(d.set_variable, handleSetVariable),
  transfer: entry(d.transfer, handleTransfer),
  end: entry(d.end, handleEnd),
} satisfies Record<NodeType, AnyNodeEntry>;

export { isNodeType, nodeDefinitions, nodeTypes, type NodeType } from './definitions';

export function findNodeEntry(type: string): AnyNodeEntry | undefined {
  return Object.hasOwn(nodeRegistry, type) ? nodeRegistry[type as NodeType] : undefined;
}
