/**
 * A project's HTTP tools: CRUD with the secret sealed through the credentials service (a Credential row
 * named `tool:<id>`, never a column of the tool and never in an answer), every change audited, and the
 * project's tool settings (allowed private hosts, the clock's zone).
 */
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { createCredentialsService, type CredentialsService } from '../secrets/credentials.server.ts';
import { keyringFromEnv } from '../secrets/master-keys.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import {
  toolInput,
  toolParametersSchema,
  type ToolInput,
  type ToolSettingsInput,
  type ToolUpdateInput,
} from './project-tool-input.ts';
import type { ToolSettingsView, ToolView } from './project-tool-views.ts';
import type { HttpToolDefinitionInput } from './tool-definition.ts';

let shared: CredentialsService | undefined;
/** The one credentials service, for tools' secrets. */
export function toolCredentials(): CredentialsService {
  shared ??= createCredentialsService(db(), keyringFromEnv());
  return shared;
}

const credentialNameFor = (toolId: string) => `tool:${toolId}`;

export const toolNotFound = () => new ServiceError(404, 'tool_not_found', 'No such tool in this project.');

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;
function findRow(projectId: string, id: string) {
  return db().projectTool.findFirst({ where: { id, projectId } });
}

const asStrings = (value: unknown): Record<string, string> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      )
    : {};

function toView(row: Row): ToolView {
  const parameters = toolParametersSchema.safeParse(row.parameters);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    method: toolInput.shape.method.unwrap().catch('GET').parse(row.method),
    url: row.urlTemplate,
    headers: asStrings(row.headers),
    body: row.bodyTemplate,
    parameters: parameters.success ? parameters.data : { type: 'object', properties: {} },
    responseMapping: asStrings(row.responseMapping),
    timeoutMs: row.timeoutMs,
    retries: row.retries,
    auth: {
      kind: row.authKind === 'bearer' || row.authKind === 'api_key' ? row.authKind : 'none',
      header: row.authHeader,
      secretSet: row.credentialId !== null,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The tool as the HTTP runner takes it. The secret is named by credential id in a header template, so it
 * is resolved only when the request is sent, and only into that header.
 */
export function definitionOf(view: ToolView, credentialId: string | null): HttpToolDefinitionInput {
  const headers = { ...view.headers };
  if (credentialId && view.auth.kind === 'bearer')
    headers.authorization = `Bearer {{credential:${credentialId}}}`;
  if (credentialId && view.auth.kind === 'api_key' && view.auth.header)
    headers[view.auth.header.toLowerCase()] = `{{credential:${credentialId}}}`;
  const hasBody = view.method !== 'GET' && view.method !== 'DELETE';
  return {
    name: view.name,
    description: view.description,
    parameters: view.parameters,
    kind: 'http',
    method: view.method,
    urlTemplate: view.url,
    headers,
    ...(hasBody && view.body ? { bodyTemplate: view.body } : {}),
    responseMapping: view.responseMapping,
    timeoutMs: view.timeoutMs,
    retries: view.retries,
  };
}

export async function listTools(projectId: string): Promise<ToolView[]> {
  const rows = await db().projectTool.findMany({ where: { projectId }, orderBy: { name: 'asc' } });
  return rows.map(toView);
}

export async function getTool(projectId: string, id: string): Promise<ToolView> {
  const row = await findRow(projectId, id);
  if (!row) throw toolNotFound();
  return toView(row);
}

/** A tool found by the name flows call it by, with its credential id: what a call runs. */
export async function toolForRun(
  projectId: string,
  name: string,
): Promise<{ view: ToolView; credentialId: string | null } | null> {
  const row = await db().projectTool.findFirst({ where: { projectId, name } });
  return row ? { view: toView(row), credentialId: row.credentialId } : null;
}

const nameTaken = () =>
  new ServiceError(409, 'name_taken', 'A tool with this name exists.', {
    name: ['A tool with this name exists'],
  });

function checkBody(input: Pick<ToolInput, 'body'>): void {
  if (!input.body?.trim()) return;
  // Placeholders stand for JSON values; with them replaced by null the text must be JSON.
  try {
    JSON.parse(input.body.replace(/\{\{\s*args\.[^}]+\}\}/g, 'null'));
  } catch {
    throw new ServiceError(400, 'validation_failed', 'The body template is not JSON.', {
      body: ['The body template is not JSON'],
    });
  }
}

function secretRequired(): ServiceError {
  return new ServiceError(400, 'validation_failed', 'Enter the secret.', {
    'auth.secret': ['Secret is required'],
  });
}

const audited = (view: ToolView) => ({
  name: view.name,
  method: view.method,
  url: view.url,
  auth: view.auth.kind,
  secret: view.auth.secretSet ? 'set' : 'none',
});

export async function createTool(ctx: ServiceContext, input: ToolInput): Promise<ToolView> {
  const projectId = ctx.access.projectId;
  checkBody(input);
  if (input.auth.kind !== 'none' && !input.auth.secret) throw secretRequired();
  if (await db().projectTool.findFirst({ where: { projectId, name: input.name }, select: { id: true } }))
    throw nameTaken();
  const id = crypto.randomUUID();
  let credentialId: string | null = null;
  if (input.auth.kind !== 'none' && input.auth.secret) {
    const credential = await toolCredentials().create(
      projectId,
      { name: credentialNameFor(id), kind: 'api_key', secret: input.auth.secret },
      credentialActor(ctx),
    );
    credentialId = credential.id;
  }
  const row = await db().projectTool.create({
    data: {
      id,
      projectId,
      name: input.name,
      description: input.description,
      method: input.method,
      urlTemplate: input.url,
      headers: input.headers,
      bodyTemplate: input.body?.trim() ? input.body : null,
      parameters: input.parameters as object,
      responseMapping: input.responseMapping,
      timeoutMs: input.timeoutMs,
      retries: input.retries,
      authKind: input.auth.kind,
      authHeader: input.auth.kind === 'api_key' ? (input.auth.header ?? null) : null,
      credentialId,
    },
  });
  const view = toView(row);
  await auditAs(ctx, {
    action: 'tool.create',
    targetType: 'tool',
    targetId: id,
    diff: { after: audited(view) },
  });
  return view;
}

export async function updateTool(ctx: ServiceContext, id: string, patch: ToolUpdateInput): Promise<ToolView> {
  const projectId = ctx.access.projectId;
  const row = await findRow(projectId, id);
  if (!row) throw toolNotFound();
  const before = toView(row);
  if (patch.body !== undefined) checkBody({ body: patch.body });
  if (patch.name && patch.name !== row.name) {
    const taken = await db().projectTool.findFirst({
      where: { projectId, name: patch.name },
      select: { id: true },
    });
    if (taken) throw nameTaken();
  }
  const auth = patch.auth;
  let credentialId = row.credentialId;
  const credentials = toolCredentials();
  if (auth) {
    if (auth.kind === 'none') {
      if (credentialId) await credentials.remove(projectId, credentialId, credentialActor(ctx));
      credentialId = null;
    } else if (auth.secret) {
      if (credentialId)
        await credentials.replaceSecret(projectId, credentialId, auth.secret, credentialActor(ctx));
      else
        credentialId = (
          await credentials.create(
            projectId,
            { name: credentialNameFor(id), kind: 'api_key', secret: auth.secret },
            credentialActor(ctx),
          )
        ).id;
    } else if (!credentialId) throw secretRequired();
  }
  const updated = await db().projectTool.update({
    where: { id },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.method !== undefined ? { method: patch.method } : {}),
      ...(patch.url !== undefined ? { urlTemplate: patch.url } : {}),
      ...(patch.headers !== undefined ? { headers: patch.headers } : {}),
      ...(patch.body !== undefined ? { bodyTemplate: patch.body.trim() ? patch.body : null } : {}),
      ...(patch.parameters !== undefined ? { parameters: patch.parameters as object } : {}),
      ...(patch.responseMapping !== undefined ? { responseMapping: patch.responseMapping } : {}),
      ...(patch.timeoutMs !== undefined ? { timeoutMs: patch.timeoutMs } : {}),
      ...(patch.retries !== undefined ? { retries: patch.retries } : {}),
      ...(auth
        ? {
            authKind: auth.kind,
            authHeader: auth.kind === 'api_key' ? (auth.header ?? null) : null,
            credentialId,
          }
        : {}),
    },
  });
  const view = toView(updated);
  await auditAs(ctx, {
    action: 'tool.update',
    targetType: 'tool',
    targetId: id,
    diff: { before: audited(before), after: audited(view) },
  });
  return view;
}

export async function deleteTool(ctx: ServiceContext, id: string): Promise<void> {
  const projectId = ctx.access.projectId;
  const row = await findRow(projectId, id);
  if (!row) throw toolNotFound();
  await db().projectTool.delete({ where: { id } });
  if (row.credentialId) await toolCredentials().remove(projectId, row.credentialId, credentialActor(ctx));
  await auditAs(ctx, {
    action: 'tool.delete',
    targetType: 'tool',
    targetId: id,
    diff: { before: audited(toView(row)) },
  });
}

export async function getToolSettings(projectId: string): Promise<ToolSettingsView> {
  const row = await db().projectToolSettings.findUnique({ where: { projectId } });
  return { allowHosts: row?.allowHosts ?? [], timeZone: row?.timeZone ?? 'UTC' };
}

export async function updateToolSettings(
  ctx: ServiceContext,
  input: ToolSettingsInput,
): Promise<ToolSettingsView> {
  const projectId = ctx.access.projectId;
  const before = await getToolSettings(projectId);
  const allowHosts = [...new Set(input.allowHosts.map((h) => h.toLowerCase()))];
  const row = await db().projectToolSettings.upsert({
    where: { projectId },
    create: { projectId, allowHosts, timeZone: input.timeZone },
    update: { allowHosts, timeZone: input.timeZone },
  });
  const after = { allowHosts: row.allowHosts, timeZone: row.timeZone };
  await auditAs(ctx, {
    action: 'tool.settings_update',
    targetType: 'project',
    targetId: projectId,
    diff: { before, after },
  });
  return after;
}
