import type { FlowTool } from '#flow-runtime/index';
import type { HttpToolDefinitionInput } from '../tools/tool-definition.ts';

/**
 * A flow's HTTP tool as the tools port runs it. Arguments go into the URL where the builder wrote
 * `{{args.x}}`, and (for methods with a body) into a JSON body with one field per declared parameter.
 * A named credential is sent as a bearer token; the secret never lives in the flow.
 */
export function flowToolToHttpDefinition(tool: FlowTool): HttpToolDefinitionInput | null {
  if (tool.kind !== 'http' || !tool.http) return null;
  const { method, url, credential } = tool.http;
  const properties = Object.keys((tool.parameters.properties as Record<string, unknown> | undefined) ?? {});
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return {
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    kind: 'http',
    method,
    urlTemplate: url,
    headers: {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(credential ? { authorization: `Bearer {{credential:${credential}}}` } : {}),
    },
    ...(hasBody
      ? { bodyTemplate: `{${properties.map((p) => `${JSON.stringify(p)}: {{args.${p}}}`).join(', ')}}` }
      : {}),
    ...(tool.timeoutMs ? { timeoutMs: tool.timeoutMs } : {}),
  };
}
