import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import { parseJwtKeys, signAccessToken, verifyAccessToken } from './jwt.server.ts';
import { familyIsActive, issueRefreshToken, rotateRefreshToken } from './refresh-tokens.server.ts';

const keys = parseJwtKeys(process.env.AUTH_JWT_KEYS!);
const client = { ip: '127.0.0.1', userAgent: 'vitest' };
let userId: string;

beforeAll(async () => {
  userId = (await createUser(db())).id;
});
afterAll(disconnectDb);

describe('access tokens', () => {
  it('accept a token signed with a configured key, by key id', async () => {
    const token = await signAccessToken(keys, { userId, sessionId: 'fam' });
    expect(await verifyAccessToken(keys, token)).toEqual({
      ok: true,
      claims: { userId, sessionId: 'fam', issuedAtMs: expect.any(Number) },
    });
    // After rotation the old key still verifies while it is listed second.
    const rotated = [...parseJwtKeys(`t2:${Buffer.alloc(32, 6).toString('base64')}`), ...keys];
    expect((await verifyAccessToken(rotated, token)).ok).toBe(true);
  });

  it('refuse expired, forged, wrongly signed and unsigned tokens', async () => {
    const old = await signAccessToken(keys, { userId, sessionId: 'f' }, Date.now() - 3_600_000);
    expect(await verifyAccessToken(keys, old)).toEqual({ ok: false, reason: 'expired' });

    const otherKey = parseJwtKeys(`t1:${Buffer.alloc(32, 9).toString('base64')}`);
    const forged = await signAccessToken(otherKey, { userId, sessionId: 'f' });
    expect(await verifyAccessToken(keys, forged)).toEqual({ ok: false, reason: 'invalid' });

    const unknownKid = await new SignJWT({ sid: 'f' })
      .setProtectedHeader({ alg: 'HS256', kid: 'nope' })
      .setSubject(userId)
      .setExpirationTime('5m')
      .sign(keys[0]!.secret);
    expect((await verifyAccessToken(keys, unknownKid)).ok).toBe(false);

    const [h, p] = (await signAccessToken(keys, { userId, sessionId: 'f' })).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 't1' })).toString('base64url')}.${p}.`;
    expect((await verifyAccessToken(keys, none)).ok).toBe(false);
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: 'someone-else', sid: 'f' })).toString('base64url')}.x`;
    expect((await verifyAccessToken(keys, tampered)).ok).toBe(false);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use, and a reused token revokes its whole family', async () => {
    const familyId = crypto.randomUUID();
    const first = await issueRefreshToken(db(), userId, familyId, client);
    const second = await rotateRefreshToken(db(), first, client);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.token).not.toBe(first);

    const replay = await rotateRefreshToken(db(), first, client);
    expect(replay).toMatchObject({ ok: false, reason: 'reused', familyId });
    expect(await familyIsActive(db(), familyId)).toBe(false);
    // The thief's fresh token dies with the family too.
    expect(await rotateRefreshToken(db(), second.token, client)).toMatchObject({
      ok: false,
      reason: 'revoked',
    });
  });

  it('let only one of two concurrent uses through', async () => {
    const token = await issueRefreshToken(db(), userId, crypto.randomUUID(), client);
    const results = await Promise.all([
      rotateRefreshToken(db(), token, client),
      rotateRefreshToken(db(), token, client),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('refuse unknown tokens', async () => {
    expect(await rotateRefreshToken(db(), 'made-up', client)).toEqual({ ok: false, reason: 'unknown' });
  });
});
