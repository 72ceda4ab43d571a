// Pairs each definition (definitions.ts) with its runtime handler. `.node.js` imports live in definitions.ts:
// Node and tsx read a `.node` suffix as a native addon and never try `.ts`.
import { handleBookAppointment } from './book-appointment/book-appointment.handler';
import { handleAgent } from './agent/agent.handler';
import { handleAnsweredBy } from './answered-by/answered-by.handler';
import { handleAsk } from './ask/ask.handler';
import { handleCrm } from './crm/crm.handler';
import { handleEnd } from './end/end.handler';
import { handleKnowledge } from './knowledge/knowledge.handler';
import { definitionsByType as d, type NodeType } from './definitions';
import { nodeEntry as entry, type AnyNodeEntry, type NodeRegistry } from './node-entry';
import { handleRouter } from './router/router.handler';
import { handleSay } from './say/say.handler';
import { handleSendMessage } from './send-message/send-message.handler';
import { handleScheduleCallback } from './schedule-callback/schedule-callback.handler';
import { handleSetOutcome } from './set-outcome/set-outcome.handler';
import { handleSetVariable } from './set-variable/set-variable.handler';
import { handleStart } from './start/start.handler';
import { handleTool } from './tool/tool.handler';
import { handleTransfer } from './transfer/transfer.handler';

/** Every node type, one line each. Keys equal `definition.type` (the registry test checks it). */
export const nodeRegistry = {
  start: entry(d.start, handleStart),
  say: entry(d.say, handleSay),
  ask: entry(d.ask, handleAsk),
  agent: entry(d.agent, handleAgent),
  router: entry(d.router, handleRouter),
  tool: entry(d.tool, handleTool),
  knowledge: entry(d.knowledge, handleKnowledge),
  crm: entry(d.crm, handleCrm),
  send_message: entry(d.send_message, handleSendMessage),
  book_appointment: entry(d.book_appointment, handleBookAppointment),
  set_variable: entry(d.set_variable, handleSetVariable),
  answered_by: entry(d.answered_by, handleAnsweredBy),
  schedule_callback: entry(d.schedule_callback, handleScheduleCallback),
  set_outcome: entry(d.set_outcome, handleSetOutcome),
  transfer: entry(d.transfer, handleTransfer),
  end: entry(d.end, handleEnd),
} satisfies Record<NodeType, AnyNodeEntry> & NodeRegistry;

export { isNodeType, nodeDefinitions, nodeTypes, type NodeType } from './definitions';

export { nodeEntry, type AnyNodeEntry, type NodeRegistry } from './node-entry';
