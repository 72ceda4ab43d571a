import { evaluateExpression } from '../../expression/evaluate-expression';
import type { JsonValue } from '../../json';
import { renderTemplate } from '../../runtime/render-template';
import type { NodeHandler } from '../../runtime/step';
import { CAMPAIGN_OUTCOME_VARIABLE, type SetOutcomeData } from './set-outcome.node.js';

/** Text "true"/"false" and plain numbers become booleans and numbers, as an analysis field would be. */
function typed(text: string): JsonValue {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

export const handleSetOutcome: NodeHandler<SetOutcomeData> = async (node, ctx) => {
  const { field, value, mode } = node.data;
  const scope = ctx.scope();
  let result: JsonValue;
  if (mode === 'text') result = typed(renderTemplate(value, scope));
  else {
    const evaluated = evaluateExpression(value, scope);
    if (!evaluated.ok)
      return {
        outcome: 'next',
        port: 'next',
        logs: [{ level: 'warn', nodeId: node.id, message: `outcome "${field}" not set: ${evaluated.error}` }],
      };
    result = evaluated.value;
  }
  // Earlier Set outcome nodes' fields stay: the variable holds every field the call recorded.
  const earlier = scope[CAMPAIGN_OUTCOME_VARIABLE];
  const fields = earlier && typeof earlier === 'object' && !Array.isArray(earlier) ? earlier : {};
  return {
    outcome: 'next',
    port: 'next',
    patch: { variables: { [CAMPAIGN_OUTCOME_VARIABLE]: { ...fields, [field]: result } } },
  };
};
