import type { NodeHandler } from '../../runtime/step';
import { ANSWERED_BY, type AnsweredBy, type AnsweredByData } from './answered-by.node.js';

export const handleAnsweredBy: NodeHandler<AnsweredByData> = async (node, ctx) => {
  const raw = ctx.scope().answered_by;
  const port: AnsweredBy = ANSWERED_BY.find((value) => value === raw) ?? 'unknown';
  return {
    outcome: 'next',
    port,
    logs: [{ level: 'info', nodeId: node.id, message: `answered by: ${port}` }],
  };
};
