import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import { authContext } from './auth-context.server.ts';
import { CLIENT_IP_HEADER } from './client-info.server.ts';
import { getUser } from './session.server.ts';
import { signIn } from './sign-in.server.ts';
import { SIGN_IN_POLICY } from './throttle.server.ts';

const request = (ip: string) =>
  new Request('http://localhost/login', { headers: { [CLIENT_IP_HEADER]: ip } });
let email: string;

beforeAll(async () => {
  email = (await createUser(db(), { password: 'right-password' })).email;
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('signIn', () => {
  it('signs in with the right password and sets httpOnly cookies that authenticate', async () => {
    const r = await signIn(request('10.0.0.1'), { email: email.toUpperCase(), password: 'right-password' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const cookies = r.headers.getSetCookie();
    expect(cookies.every((c) => c.includes('HttpOnly') && c.includes('SameSite=Lax'))).toBe(true);
    const cookieHeader = cookies.map((c) => c.split(';')[0]).join('; ');
    const user = await getUser(new Request('http://localhost/app', { headers: { cookie: cookieHeader } }));
    expect(user?.email).toBe(email);
    const bearer = await getUser(
      new Request('http://localhost/api', { headers: { authorization: `Bearer ${r.accessToken}` } }),
    );
    expect(bearer?.email).toBe(email);
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    expect(await signIn(request('10.0.0.2'), { email, password: 'wrong' })).toEqual({
      ok: false,
      code: 'invalid_credentials',
    });
    expect(await signIn(request('10.0.0.2'), { email: 'nobody@x.local', password: 'x' })).toEqual({
      ok: false,
      code: 'invalid_credentials',
    });
  });

  it('slows repeated failures down at that address, even with the right password, and says when to retry', async () => {
    const target = (await createUser(db(), { password: 'right-password' })).email;
    for (let i = 0; i < SIGN_IN_POLICY.freeFailures; i++)
      await signIn(request('10.1.0.1'), { email: target, password: 'bad' });
    const blocked = await signIn(request('10.1.0.1'), { email: target, password: 'right-password' });
    expect(blocked).toMatchObject({ ok: false, code: 'throttled' });
    if (!blocked.ok) expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    // The owner elsewhere is not locked out.
    expect((await signIn(request('10.2.0.1'), { email: target, password: 'right-password' })).ok).toBe(true);
  });
});

describe('sign-in audit trail', () => {
  it('records successful, failed and throttled sign-ins with the address', async () => {
    const user = await createUser(db(), { password: 'right-password' });
    await signIn(request('10.9.0.1'), { email: user.email, password: 'wrong' });
    await signIn(request('10.9.0.1'), { email: user.email, password: 'right-password' });
    const entries = await db().auditLog.findMany({ where: { targetId: user.email }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => e.action)).toEqual(['auth.login_failed', 'auth.login']);
    expect(entries[0]).toMatchObject({
      ip: '10.9.0.1',
      actorUserId: user.id,
      diff: { after: { reason: 'wrong_password' } },
    });
  });
});
