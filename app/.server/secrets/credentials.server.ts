import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.server.ts';
import type { Db } from '../db.ts';
import { lastFour, mask, open, rewrap, seal, SecretDecryptError, type SealedSecret } from './envelope.ts';
import type { Keyring } from './master-keys.ts';

export const credentialInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  kind: z.enum(['api_key', 'sip_password', 'oauth_token', 'http_header', 'other']),
  secret: z.string().min(1, 'Secret is required').max(16_384),
});
export type CredentialInput = z.infer<typeof credentialInput>;

/** The only shape of a credential that leaves the server: never the secret. */
export interface CredentialView {
  id: string;
  name: string;
  kind: string;
  masked: string;
  createdAt: string;
  updatedAt: string;
}

interface CredentialRow extends SealedSecret {
  id: string;
  projectId: string;
  name: string;
  kind: string;
  last4: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Associated data binds each ciphertext to its row: a blob copied to another row does not open. */
const context = (projectId: string, id: string) => `credential:${projectId}:${id}`;

function view(row: CredentialRow): CredentialView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    masked: mask(row.last4),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Who changes a credential, for its audit entry (never the secret: only name, kind and its mask). */
export interface CredentialActor {
  actorUserId: string | null;
  actorType: 'user' | 'api_key' | 'system';
  ip?: string;
  userAgent?: string;
}

export function createCredentialsService(db: Db, keyring: Keyring) {
  const audit = (
    projectId: string,
    by: CredentialActor,
    action: string,
    id: string,
    diff: { before?: object; after?: object },
  ) =>
    appendAudit(db, {
      projectId,
      ...by,
      action,
      targetType: 'credential',
      targetId: id,
      diff,
    });
  return {
    async list(projectId: string): Promise<CredentialView[]> {
      const rows = await db.credential.findMany({ where: { projectId }, orderBy: { name: 'asc' } });
      return rows.map(view);
    },

    async create(projectId: string, input: CredentialInput, by: CredentialActor): Promise<CredentialView> {
      const data = credentialInput.parse(input);
      const id = crypto.randomUUID();
      const sealed = seal(keyring, data.secret, context(projectId, id));
      const row = await db.credential.create({
        data: {
          id,
          projectId,
          name: data.name,
          kind: data.kind,
          last4: lastFour(data.kind, data.secret),
          ...sealed,
        },
      });
      const created = view(row);
      await audit(projectId, by, 'credential.create', id, {
        after: { name: created.name, kind: created.kind, secret: created.masked },
      });
      return created;
    },

    async replaceSecret(
      projectId: string,
      id: string,
      secret: string,
      by: CredentialActor,
    ): Promise<CredentialView | null> {
      const existing = await db.credential.findFirst({ where: { id, projectId } });
      if (!existing) return null;
      const sealed = seal(keyring, secret, context(projectId, id));
      const row = await db.credential.update({
        where: { id },
        data: { ...sealed, last4: lastFour(existing.kind, secret) },
      });
      const replaced = view(row);
      await audit(projectId, by, 'credential.replace', id, {
        before: { secret: mask(existing.last4) },
        after: { secret: replaced.masked },
      });
      return replaced;
    },

    async remove(projectId: string, id: string, by: CredentialActor): Promise<boolean> {
      const existing = await db.credential.findFirst({ where: { id, projectId } });
      if (!existing) return false;
      await db.credential.delete({ where: { id } });
      await audit(projectId, by, 'credential.remove', id, {
        before: { name: existing.name, kind: existing.kind, secret: mask(existing.last4) },
      });
      return true;
    },

    /** Server-side only: for connectors that need the secret to call a provider. */
    async reveal(projectId: string, id: string): Promise<string | null> {
      const row = await db.credential.findFirst({ where: { id, projectId } });
      return row ? open(keyring, row, context(projectId, id)) : null;
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;

/**
 * Start-up check: every master key that sealed a stored secret must be configured and must open one of
 * them. A wrong or missing key stops the process with a clear message instead of producing garbage later.
 */
export async function verifyKeyring(db: Db, keyring: Keyring): Promise<void> {
  const keyIds = await db.credential.findMany({ distinct: ['keyId'], select: { keyId: true } });
  for (const { keyId } of keyIds) {
    const sample = await db.credential.findFirst({ where: { keyId } });
    if (!sample) continue;
    try {
      open(keyring, sample, context(sample.projectId, sample.id));
    } catch (e) {
      const reason = e instanceof SecretDecryptError ? e.message : String(e);
      throw new SecretDecryptError(`SECRETS_MASTER_KEY: stored secrets cannot be opened: ${reason}`);
    }
  }
}

/** Re-wraps every secret under the current master key. Returns how many rows changed. */
export async function rotateAll(
  db: Db,
  keyring: Keyring,
  onProgress?: (done: number, total: number) => void,
) {
  const stale = await db.credential.findMany({ where: { keyId: { not: keyring.current.id } } });
  let done = 0;
  for (const row of stale) {
    const next = rewrap(keyring, row);
    // Compare-and-set on keyId, so two rotations running at once cannot clobber each other.
    await db.credential.updateMany({
      where: { id: row.id, keyId: row.keyId },
      data: { keyId: next.keyId, wrappedKey: next.wrappedKey },
    });
    done += 1;
    onProgress?.(done, stale.length);
  }
  return done;
}
