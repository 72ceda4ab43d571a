import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db.ts';

export const REFRESH_TOKEN_TTL_DAYS = 30;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/** Opaque, 256-bit, stored only as its hash. */
export async function issueRefreshToken(db: Db, userId: string, familyId: string, client: ClientInfo) {
  const token = randomBytes(32).toString('base64url');
  await db.refreshToken.create({
    data: {
      userId,
      familyId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300),
    },
  });
  return token;
}

export type RotateResult =
  | { ok: true; userId: string; familyId: string; token: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; userId?: string; familyId?: string };

/**
 * Exchanges a refresh token for a new one of the same family. A token is good once: presenting a used one
 * means it was stolen (or replayed), so the whole family is revoked and the caller must sign in again.
 */
export async function rotateRefreshToken(db: Db, token: string, client: ClientInfo): Promise<RotateResult> {
  const row = await db.refreshToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return { ok: false, reason: 'unknown' };
  const who = { userId: row.userId, familyId: row.familyId };
  if (row.revokedAt) return { ok: false, reason: 'revoked', ...who };
  if (row.expiresAt < new Date()) return { ok: false, reason: 'expired', ...who };
  // Mark used only if nobody else did first: two concurrent uses cannot both succeed.
  const claimed = await db.refreshToken.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (claimed.count === 0) {
    await revokeFamily(db, row.familyId);
    return { ok: false, reason: 'reused', ...who };
  }
  const next = await issueRefreshToken(db, row.userId, row.familyId, client);
  return { ok: true, token: next, ...who };
}

/** The sign-in (family) a refresh token belongs to, used or not, or null when unknown. */
export async function familyOfRefreshToken(db: Db, token: string): Promise<string | null> {
  const row = await db.refreshToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { familyId: true },
  });
  return row?.familyId ?? null;
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function revokeAllForUser(db: Db, userId: string): Promise<void> {
  await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function familyIsActive(db: Db, familyId: string): Promise<boolean> {
  const live = await db.refreshToken.findFirst({
    where: { familyId, revokedAt: null },
    select: { id: true },
  });
  return live !== null;
}
