import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../tests/support/factories.ts';
import { db, disconnectDb } from '#server/db.ts';
import { purgeExpiredTokens } from './purge-expired-tokens.ts';

afterAll(disconnectDb);

describe('purge-expired-tokens job', () => {
  it('removes expired and long-revoked refresh tokens and keeps live ones', async () => {
    const user = await createUser(db());
    const now = new Date();
    const day = 86_400_000;
    const make = (tokenHash: string, expiresAt: Date, revokedAt?: Date) =>
      db().refreshToken.create({
        data: { userId: user.id, familyId: crypto.randomUUID(), tokenHash, expiresAt, revokedAt },
      });
    await make(`live-${user.id}`, new Date(now.getTime() + day));
    await make(`expired-${user.id}`, new Date(now.getTime() - 1));
    await make(`revoked-old-${user.id}`, new Date(now.getTime() + day), new Date(now.getTime() - 8 * day));
    await make(`revoked-new-${user.id}`, new Date(now.getTime() + day), new Date(now.getTime() - day));

    await purgeExpiredTokens(db(), now);
    const left = await db().refreshToken.findMany({
      where: { userId: user.id },
      select: { tokenHash: true },
    });
    expect(left.map((t) => t.tokenHash.split('-')[0]).sort()).toEqual(['live', 'revoked']);
  });
});
