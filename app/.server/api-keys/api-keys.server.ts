import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ROLES, type Role } from '../access/permissions.ts';
import { canIssueApiKeyRole } from '../access/role-rules.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db, type Db } from '../db.ts';
import { issueApiKeyToken, parseApiKeyToken, secretMatches } from './api-key-token.ts';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(80, 'At most 80 characters'),
  role: z.enum(ROLES.filter((r) => r !== 'owner') as [Role, ...Role[]], {
    error: 'Choose a role other than owner',
  }),
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const viewSelect = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export async function listApiKeys(projectId: string): Promise<ApiKeyView[]> {
  return db().apiKey.findMany({ where: { projectId }, select: viewSelect, orderBy: { createdAt: 'desc' } });
}

/** Creates a key; the returned token is the only time the secret exists outside the caller's hands. */
export async function createApiKey(
  ctx: ServiceContext,
  input: CreateApiKeyInput,
): Promise<{ apiKey: ApiKeyView; token: string }> {
  const { access } = ctx;
  if (!canIssueApiKeyRole(access.role, input.role)) {
    throw new ServiceError(
      403,
      'role_not_grantable',
      `Your role (${access.role}) cannot issue ${input.role} keys.`,
      {
        role: [`Your role cannot issue ${input.role} keys`],
      },
    );
  }
  const issued = issueApiKeyToken();
  const apiKey = await db().apiKey.create({
    data: {
      projectId: access.projectId,
      name: input.name,
      role: input.role,
      prefix: issued.prefix,
      secretHash: issued.secretHash,
      createdByUserId: access.user?.id ?? null,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    },
    select: viewSelect,
  });
  await auditAs(ctx, {
    action: 'api_key.create',
    targetType: 'api_key',
    targetId: apiKey.id,
    diff: {
      after: { name: apiKey.name, role: apiKey.role, prefix: apiKey.prefix, expiresAt: apiKey.expiresAt },
    },
  });
  return { apiKey, token: issued.token };
}

export async function revokeApiKey(ctx: ServiceContext, apiKeyId: string): Promise<ApiKeyView> {
  const { access } = ctx;
  const existing = await db().apiKey.findFirst({
    where: { id: apiKeyId, projectId: access.projectId },
    select: viewSelect,
  });
  if (!existing) throw new ServiceError(404, 'api_key_not_found', 'No such API key in this project.');
  if (existing.revokedAt) return existing;
  if (!canIssueApiKeyRole(access.role, existing.role)) {
    throw new ServiceError(
      403,
      'forbidden',
      `Your role (${access.role}) cannot revoke ${existing.role} keys.`,
    );
  }
  const revoked = await db().apiKey.update({
    where: { id: existing.id },
    data: { revokedAt: new Date() },
    select: viewSelect,
  });
  await auditAs(ctx, {
    action: 'api_key.revoke',
    targetType: 'api_key',
    targetId: existing.id,
    diff: {
      before: { name: existing.name, role: existing.role, revokedAt: null },
      after: { revokedAt: revoked.revokedAt },
    },
  });
  return revoked;
}

const LAST_USED_GRANULARITY_MS = 60_000;

/** The key behind a Bearer token, or null if it is malformed, unknown, wrong, revoked or expired. */
export async function authenticateApiKey(
  database: Db,
  token: string,
): Promise<{ id: string; name: string; projectId: string; role: Role } | null> {
  const parsed = parseApiKeyToken(token);
  if (!parsed) return null;
  const key = await database.apiKey.findUnique({
    where: { prefix: parsed.prefix },
    select: {
      id: true,
      name: true,
      projectId: true,
      role: true,
      secretHash: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
    },
  });
  if (!key || !secretMatches(parsed.secret, key.secretHash)) return null;
  const now = Date.now();
  if (key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) return null;
  // "Last used" is for people deciding what to revoke; a minute's precision spares a write per request.
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await database.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { id: key.id, name: key.name, projectId: key.projectId, role: key.role };
}
