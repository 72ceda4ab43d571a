import { evaluateExpression } from '../../expression/evaluate-expression';
import type { JsonValue } from '../../json';
import { renderTemplate } from '../../runtime/render-template';
import type { TraceLog } from '../../runtime/turn-trace';
import type { NodeHandler } from '../../runtime/step';
import type { SetVariableData } from './set-variable.node.js';

export const handleSetVariable: NodeHandler<SetVariableData> = async (node, ctx) => {
  const variables: Record<string, JsonValue> = {};
  const logs: TraceLog[] = [];
  for (const assignment of node.data.assignments) {
    // Later assignments see earlier ones, as a user reading the list top to bottom expects.
    const scope = { ...ctx.scope(), ...variables };
    if (assignment.mode === 'text') {
      variables[assignment.variable] = renderTemplate(assignment.value, scope);
      continue;
    }
    const result = evaluateExpression(assignment.value, scope);
    if (result.ok) variables[assignment.variable] = result.value;
    else
      logs.push({
        level: 'warn',
        nodeId: node.id,
        message: `"${assignment.variable}" not set: ${result.error}`,
      });
  }
  return { outcome: 'next', port: 'next', patch: { variables }, logs };
};
