/**
 * A project's provider accounts: CRUD with the key sealed through the credentials service (shown masked,
 * never answered), every change audited with the key masked.
 */
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { createCredentialsService, type CredentialsService } from '../secrets/credentials.server.ts';
import { keyringFromEnv } from '../secrets/master-keys.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import {
  providerIssues,
  providerSettingsInput,
  providerTestResult,
  type CreateProviderInput,
  type ProviderTestResult,
  type ProviderView,
  type UpdateProviderInput,
} from './provider-account-input.ts';
import { PROVIDER_CATALOG, PROVIDER_KINDS, type ProviderKind } from '../../lib/providers/provider-catalog.ts';

let shared: CredentialsService | undefined;
export function providerCredentials(): CredentialsService {
  shared ??= createCredentialsService(db(), keyringFromEnv());
  return shared;
}

const credentialName = (id: string) => `provider:${id}`;

export const providerNotFound = () =>
  new ServiceError(404, 'provider_not_found', 'No such provider account in this project.');

const nameTaken = () =>
  new ServiceError(409, 'provider_name_taken', 'An account with this name already exists.', {
    name: ['This name is already used in the project'],
  });

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;
function findRow(projectId: string, id: string) {
  return db().providerAccount.findFirst({ where: { id, projectId } });
}

const asKind = (value: string): ProviderKind =>
  (PROVIDER_KINDS as readonly string[]).includes(value) ? (value as ProviderKind) : 'openai-compatible';

async function masks(projectId: string, rows: Row[]): Promise<Map<string, string>> {
  const ids = rows.map((r) => r.credentialId).filter((id): id is string => id !== null);
  if (ids.length === 0) return new Map();
  const views = await providerCredentials().list(projectId);
  return new Map(views.filter((v) => ids.includes(v.id)).map((v) => [v.id, v.masked]));
}

function toView(row: Row, masked: Map<string, string>): ProviderView {
  const provider = asKind(row.provider);
  const settings = providerSettingsInput.safeParse(row.settings);
  const lastTest = providerTestResult.safeParse(row.lastTest);
  return {
    id: row.id,
    name: row.name,
    provider,
    capabilities: [...PROVIDER_CATALOG[provider].capabilities],
    settings: settings.success ? settings.data : {},
    apiKey: row.credentialId ? (masked.get(row.credentialId) ?? null) : null,
    enabled: row.enabled,
    lastTest: lastTest.success ? lastTest.data : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function views(projectId: string, rows: Row[]): Promise<ProviderView[]> {
  const masked = await masks(projectId, rows);
  return rows.map((r) => toView(r, masked));
}

export async function listProviders(projectId: string): Promise<ProviderView[]> {
  const rows = await db().providerAccount.findMany({ where: { projectId }, orderBy: { createdAt: 'asc' } });
  return views(projectId, rows);
}

export async function getProvider(projectId: string, id: string): Promise<ProviderView> {
  const row = await findRow(projectId, id);
  if (!row) throw providerNotFound();
  return (await views(projectId, [row]))[0]!;
}

/** What the audit log keeps: everything but the key, which shows masked. */
function auditShape(view: ProviderView) {
  const { lastTest: _t, createdAt: _c, updatedAt: _u, capabilities: _cap, ...rest } = view;
  return rest;
}

function refuseIssues(issues: Record<string, string[]>): void {
  if (Object.keys(issues).length > 0)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', issues);
}

export async function createProvider(ctx: ServiceContext, input: CreateProviderInput): Promise<ProviderView> {
  const { projectId } = ctx.access;
  refuseIssues(providerIssues(input.provider, input.settings, input.apiKey !== undefined));
  if (await db().providerAccount.findFirst({ where: { projectId, name: input.name }, select: { id: true } }))
    throw nameTaken();
  const id = crypto.randomUUID();
  let credentialId: string | null = null;
  if (input.apiKey !== undefined && PROVIDER_CATALOG[input.provider].key !== 'none') {
    const credential = await providerCredentials().create(
      projectId,
      { name: credentialName(id), kind: 'api_key', secret: input.apiKey },
      credentialActor(ctx),
    );
    credentialId = credential.id;
  }
  const row = await db().providerAccount.create({
    data: {
      id,
      projectId,
      name: input.name,
      provider: input.provider,
      settings: input.settings,
      credentialId,
      enabled: input.enabled,
    },
  });
  const view = (await views(projectId, [row]))[0]!;
  await auditAs(ctx, {
    action: 'provider.create',
    targetType: 'provider',
    targetId: id,
    diff: { after: auditShape(view) },
  });
  return view;
}

export async function updateProvider(
  ctx: ServiceContext,
  id: string,
  input: UpdateProviderInput,
): Promise<ProviderView> {
  const { projectId } = ctx.access;
  const before = await findRow(projectId, id);
  if (!before) throw providerNotFound();
  const provider = asKind(before.provider);
  const beforeView = (await views(projectId, [before]))[0]!;
  const settings = input.settings ?? beforeView.settings;
  refuseIssues(
    providerIssues(provider, settings, input.apiKey !== undefined || before.credentialId !== null),
  );
  if (input.name && input.name !== before.name) {
    const clash = await db().providerAccount.findFirst({
      where: { projectId, name: input.name, id: { not: id } },
      select: { id: true },
    });
    if (clash) throw nameTaken();
  }
  let credentialId = before.credentialId;
  if (input.apiKey !== undefined && PROVIDER_CATALOG[provider].key !== 'none') {
    const by = credentialActor(ctx);
    const replaced = credentialId
      ? await providerCredentials().replaceSecret(projectId, credentialId, input.apiKey, by)
      : null;
    if (!replaced)
      credentialId = (
        await providerCredentials().create(
          projectId,
          { name: credentialName(id), kind: 'api_key', secret: input.apiKey },
          by,
        )
      ).id;
  }
  const keyChanged = input.apiKey !== undefined;
  const row = await db().providerAccount.update({
    where: { id },
    data: {
      ...(input.name ? { name: input.name } : {}),
      ...(input.settings ? { settings: input.settings } : {}),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      credentialId,
      // A new key or address makes the last test say nothing about the account any more.
      ...(keyChanged || input.settings ? { lastTest: Prisma.DbNull } : {}),
    },
  });
  const view = (await views(projectId, [row]))[0]!;
  await auditAs(ctx, {
    action: 'provider.update',
    targetType: 'provider',
    targetId: id,
    diff: { before: auditShape(beforeView), after: auditShape(view) },
  });
  return view;
}

export async function deleteProvider(ctx: ServiceContext, id: string): Promise<void> {
  const { projectId } = ctx.access;
  const before = await findRow(projectId, id);
  if (!before) throw providerNotFound();
  const beforeView = (await views(projectId, [before]))[0]!;
  await db().providerAccount.delete({ where: { id } });
  if (before.credentialId)
    await providerCredentials().remove(projectId, before.credentialId, credentialActor(ctx));
  await auditAs(ctx, {
    action: 'provider.delete',
    targetType: 'provider',
    targetId: id,
    diff: { before: auditShape(beforeView) },
  });
}

export async function recordTest(projectId: string, id: string, result: ProviderTestResult): Promise<void> {
  await db().providerAccount.updateMany({ where: { id, projectId }, data: { lastTest: result } });
}

/** Server-side only: an account with its key opened, for connectors (the test, the media server). */
export interface ProviderSecretAccount {
  id: string;
  name: string;
  provider: ProviderKind;
  settings: ProviderView['settings'];
  apiKey: string | null;
  enabled: boolean;
}

export async function openProvider(projectId: string, id: string): Promise<ProviderSecretAccount | null> {
  const row = await findRow(projectId, id);
  if (!row) return null;
  const settings = providerSettingsInput.safeParse(row.settings);
  return {
    id: row.id,
    name: row.name,
    provider: asKind(row.provider),
    settings: settings.success ? settings.data : {},
    apiKey: row.credentialId ? await providerCredentials().reveal(projectId, row.credentialId) : null,
    enabled: row.enabled,
  };
}
