import type { Db } from '#server/db.ts';

/** Refresh tokens past expiry (or revoked over a week ago) serve no one; keep the table small. */
export async function purgeExpiredTokens(db: Db, now = new Date()): Promise<number> {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600_000);
  const { count } = await db.refreshToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { lt: weekAgo } }] },
  });
  return count;
}
