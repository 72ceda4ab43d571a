// The node types' definitions alone (no handlers): what the canvas and the validator need. The editor
// imports this through `flow-runtime/src/editor.ts`, so the browser never bundles runtime handlers.
// `.node.js` rather than `.node`: Node and tsx read a `.node` suffix as a native addon (see registry.ts).
import { agentNode } from './agent/agent.node.js';
import { answeredByNode } from './answered-by/answered-by.node.js';
import { askNode } from './ask/ask.node.js';
import { bookAppointmentNode } from './book-appointment/book-appointment.node.js';
import { crmNode } from './crm/crm.node.js';
import { endNode } from './end/end.node.js';
import { knowledgeNode } from './knowledge/knowledge.node.js';
import { isSingleton, type NodeDefinition, type NodeDefinitions } from './node-definition';
import { routerNode } from './router/router.node.js';
import { scheduleCallbackNode } from './schedule-callback/schedule-callback.node.js';
import { sayNode } from './say/say.node.js';
import { sendMessageNode } from './send-message/send-message.node.js';
import { setOutcomeNode } from './set-outcome/set-outcome.node.js';
import { setVariableNode } from './set-variable/set-variable.node.js';
import { startNode } from './start/start.node.js';
import { toolNode } from './tool/tool.node.js';
import { transferNode } from './transfer/transfer.node.js';

/** Every node type's definition, in palette order. The registry pairs each with its handler. */
export const definitionsByType = {
  start: startNode,
  say: sayNode,
  ask: askNode,
  agent: agentNode,
  router: routerNode,
  tool: toolNode,
  knowledge: knowledgeNode,
  crm: crmNode,
  send_message: sendMessageNode,
  book_appointment: bookAppointmentNode,
  set_variable: setVariableNode,
  answered_by: answeredByNode,
  schedule_callback: scheduleCallbackNode,
  set_outcome: setOutcomeNode,
  transfer: transferNode,
  end: endNode,
} as const;

export type NodeType = keyof typeof definitionsByType;

export const nodeTypes = Object.keys(definitionsByType) as NodeType[];

export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(definitionsByType, type);
}

export function findNodeDefinition(type: string): NodeDefinition | undefined {
  return isNodeType(type) ? (definitionsByType[type] as unknown as NodeDefinition) : undefined;
}

/** Whether the studio keeps this type to one node (Start): it never copies, adds or deletes one. */
export const isSingletonType = (type: string | undefined): boolean =>
  isSingleton(findNodeDefinition(type ?? ''));

/** Whether the call begins at this type (Start): nothing connects into it, layout starts from it. */
export const isEntryType = (type: string | undefined): boolean =>
  findNodeDefinition(type ?? '')?.entry === true;

/** What the canvas needs: palette, labels, icons, ports and inspector forms, without handlers' logic. */
export const nodeDefinitions: readonly NodeDefinition[] = nodeTypes.map(
  (type) => definitionsByType[type] as unknown as NodeDefinition,
);

/** The same, by type with data types erased: what the analyses (flow variables, expected phrases) take. */
export const nodeDefinitionsByType = definitionsByType as unknown as NodeDefinitions;
