import { toJsonValue, type JsonValue } from '../../json';
import { readPath } from '../../runtime/render-template';
import type { NodeHandler, StepContext } from '../../runtime/step';
import type { ToolData } from './tool.node.js';

const wholeVariable = /^\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/;

function buildArgs(data: ToolData, ctx: StepContext): Record<string, JsonValue> {
  const scope = ctx.scope();
  const args: Record<string, JsonValue> = {};
  for (const [name, template] of Object.entries(data.args)) {
    const single = wholeVariable.exec(template.trim());
    args[name] = single?.[1] ? (readPath(scope, single[1]) ?? null) : ctx.render(template);
  }
  return args;
}

export const handleTool: NodeHandler<ToolData> = async (node, ctx) => {
  const data = node.data;
  const outcome = await ctx.invokeTool(data.tool, buildArgs(data, ctx), data.timeoutMs);
  if (!outcome.ok) {
    return {
      outcome: 'next',
      port: 'failure',
      patch: { variables: { last_error: outcome.error } },
      logs: [{ level: 'warn', nodeId: node.id, message: `tool "${data.tool}" failed: ${outcome.error}` }],
    };
  }
  const result = toJsonValue(outcome.result);
  const variables: Record<string, JsonValue> = {};
  if (data.resultVariable) variables[data.resultVariable] = result;
  for (const mapping of data.mappings) {
    variables[mapping.variable] = mapping.path
      ? (readPath({ result }, `result.${mapping.path}`) ?? null)
      : result;
  }
  return { outcome: 'next', port: 'success', patch: { variables } };
};
