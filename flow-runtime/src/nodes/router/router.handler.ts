import { evaluateExpression, isTruthy } from '../../expression/evaluate-expression';
import { matchIntent } from '../../nlu-bridge';
import type { TraceLog } from '../../runtime/turn-trace';
import type { NodeHandler, StepContext } from '../../runtime/step';
import type { RouterData } from './router.node.js';

function routeByIntent(data: RouterData, ctx: StepContext): { port: string; logs: TraceLog[] } {
  const text = ctx.scope()[data.input];
  if (typeof text !== 'string' || text.trim() === '') return { port: 'default', logs: [] };
  const intents = data.routes.map((route) => ({
    name: route.id,
    examples: [
      ...route.examples,
      ...(route.intent ? (ctx.flow.intents.get(route.intent)?.examples ?? []) : []),
    ],
  }));
  const match = matchIntent(text, intents, ctx.language);
  return {
    port: match?.name ?? 'default',
    logs: [
      {
        level: 'debug',
        message: 'intent matched',
        data: { intent: match?.name ?? null, score: match?.score ?? 0 },
      },
    ],
  };
}

function routeByExpression(data: RouterData, ctx: StepContext): { port: string; logs: TraceLog[] } {
  const logs: TraceLog[] = [];
  const scope = ctx.scope();
  for (const route of data.routes) {
    if (!route.expression) continue;
    const result = evaluateExpression(route.expression, scope);
    if (!result.ok) {
      // A broken condition is skipped, not fatal: the caller still gets a branch (at worst `default`).
      logs.push({ level: 'warn', message: `condition of route "${route.id}" failed: ${result.error}` });
      continue;
    }
    if (isTruthy(result.value)) return { port: route.id, logs };
  }
  return { port: 'default', logs };
}

export const handleRouter: NodeHandler<RouterData> = async (node, ctx) => {
  const { port, logs } =
    node.data.mode === 'intent' ? routeByIntent(node.data, ctx) : routeByExpression(node.data, ctx);
  return { outcome: 'next', port, logs: logs.map((log) => ({ ...log, nodeId: node.id })) };
};
