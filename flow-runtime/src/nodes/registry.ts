// `.node.js` rather than `.node`: Node and tsx read a `.node` suffix as a native addon and never try `.ts`;
// `.js` resolves to the `.ts` file in TypeScript (Bundler), Vite and tsx alike.
import type { z } from 'zod';
import type { NodeHandler } from '../runtime/step';
import { agentNode } from './agent/agent.node.js';
import { handleAgent } from './agent/agent.handler';
import { askNode } from './ask/ask.node.js';
import { handleAsk } from './ask/ask.handler';
import { endNode } from './end/end.node.js';
import { handleEnd } from './end/end.handler';
import { knowledgeNode } from './knowledge/knowledge.node.js';
import { handleKnowledge } from './knowledge/knowledge.handler';
import type { NodeDefinition } from './node-definition';
import { routerNode } from './router/router.node.js';
import { handleRouter } from './router/router.handler';
import { sayNode } from './say/say.node.js';
import { handleSay } from './say/say.handler';
import { setVariableNode } from './set-variable/set-variable.node.js';
import { handleSetVariable } from './set-variable/set-variable.handler';
import { startNode } from './start/start.node.js';
import { handleStart } from './start/start.handler';
import { toolNode } from './tool/tool.node.js';
import { handleTool } from './tool/tool.handler';
import { transferNode } from './transfer/transfer.node.js';
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
  start: entry(startNode, handleStart),
  say: entry(sayNode, handleSay),
  ask: entry(askNode, handleAsk),
  agent: entry(agentNode, handleAgent),
  router: entry(routerNode, handleRouter),
  tool: entry(toolNode, handleTool),
  knowledge: entry(knowledgeNode, handleKnowledge),
  set_variable: entry(setVariableNode, handleSetVariable),
  transfer: entry(transferNode, handleTransfer),
  end: entry(endNode, handleEnd),
} satisfies Record<string, AnyNodeEntry>;

export type NodeType = keyof typeof nodeRegistry;

export const nodeTypes = Object.keys(nodeRegistry) as NodeType[];

export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(nodeRegistry, type);
}

export function findNodeEntry(type: string): AnyNodeEntry | undefined {
  return isNodeType(type) ? nodeRegistry[type] : undefined;
}

/** What the canvas needs: palette, labels, icons, ports and inspector forms, without handlers' logic. */
export const nodeDefinitions: readonly NodeDefinition[] = nodeTypes.map(
  (type) => nodeRegistry[type].definition,
);
