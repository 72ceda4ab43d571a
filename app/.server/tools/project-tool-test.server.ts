import type { ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { createLogger } from '../logger.ts';
import { SECRET_SET_MASK } from '../secrets/envelope.ts';
import { renderHeader, renderJsonBody, renderUrl, TemplateError } from './arg-templates.ts';
import { runHttpTool } from './http-tool.ts';
import { readJsonPath } from './json-path-lite.ts';
import { formatSchemaErrors, validateAgainstSchema } from './json-schema-lite.ts';
import type { ToolTestResult } from './project-tool-views.ts';
import { definitionOf, getTool, getToolSettings, toolCredentials } from './project-tools.server.ts';
import { httpToolDefinitionSchema } from './tool-definition.ts';
import { db } from '../db.ts';

const log = createLogger('tools');

/**
 * Test on the Tools screen: the sample arguments are checked like an LLM's, the request is sent exactly as
 * a call would send it (credential, allowed hosts, SSRF guard, retries), and both sides come back: the
 * request with the secret masked, the answer as received and as mapped.
 */
export async function testTool(
  ctx: ServiceContext,
  id: string,
  args: Record<string, unknown>,
): Promise<ToolTestResult> {
  const projectId = ctx.access.projectId;
  const view = await getTool(projectId, id);
  const row = await db().projectTool.findFirst({ where: { id, projectId }, select: { credentialId: true } });
  const credentialId = row?.credentialId ?? null;
  const errors = validateAgainstSchema(view.parameters, args);
  if (errors.length > 0) {
    throw new ServiceError(400, 'validation_failed', `Invalid arguments: ${formatSchemaErrors(errors)}`, {
      args: [formatSchemaErrors(errors)],
    });
  }
  const definition = httpToolDefinitionSchema.parse({
    ...definitionOf(view, credentialId),
    responseMapping: {},
  });

  const request: ToolTestResult['request'] = {
    method: definition.method,
    url: definition.urlTemplate,
    headers: {},
    body: null,
  };
  try {
    request.url = renderUrl(definition.urlTemplate, args);
    for (const [name, template] of Object.entries(definition.headers))
      request.headers[name.toLowerCase()] = await renderHeader(template, args, async () => SECRET_SET_MASK);
    if (definition.bodyTemplate !== undefined) {
      request.body = renderJsonBody(definition.bodyTemplate, args);
      request.headers['content-type'] = 'application/json';
    }
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return {
      request,
      ok: false,
      status: null,
      response: null,
      result: null,
      error: error.message,
      durationMs: 0,
    };
  }

  const settings = await getToolSettings(projectId);
  const started = performance.now();
  // Secrets the request carried: an error answer that echoes one back is shown with it masked.
  const revealed = new Set<string>();
  const outcome = await runHttpTool(definition, args, {
    resolveCredential: async (credential) => {
      const secret = await toolCredentials().reveal(projectId, credential);
      if (secret === null) throw new Error('credential missing');
      revealed.add(secret);
      return secret;
    },
    allowHosts: settings.allowHosts,
    logger: log,
    signal: AbortSignal.timeout((definition.timeoutMs + 1000) * (definition.retries + 1) + 5000),
  });
  const durationMs = Math.round(performance.now() - started);
  if (!outcome.ok) {
    return {
      request,
      ok: false,
      status: outcome.status ?? null,
      response: outcome.body === undefined ? null : maskSecrets(outcome.body, revealed),
      result: null,
      error: outcome.error,
      durationMs,
    };
  }
  const mapping = Object.entries(view.responseMapping);
  const result =
    mapping.length === 0
      ? outcome.result
      : Object.fromEntries(
          mapping.map(([variable, path]) => [variable, readJsonPath(outcome.result, path) ?? null]),
        );
  return {
    request,
    ok: true,
    status: outcome.status ?? null,
    response: outcome.result,
    result,
    error: null,
    durationMs,
  };
}

/** Every secret the request used, replaced by the mask (short ones too: a 4-character key is still a key). */
function maskSecrets(text: string, secrets: ReadonlySet<string>): string {
  let masked = text;
  for (const secret of secrets) if (secret) masked = masked.split(secret).join(SECRET_SET_MASK);
  return masked;
}
