import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import { authContext } from './auth-context.server.ts';
import { signOutEverywhere } from './refresh-session.server.ts';
import { refreshSession } from './refresh-session.server.ts';
import { getUser } from './session.server.ts';
import { signIn } from './sign-in.server.ts';

afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

const req = (headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/v1/auth/logout-all', { method: 'POST', headers });

describe('log out everywhere', () => {
  it('kills every access and refresh token of the user at once, and a new sign-in works', async () => {
    const email = `everywhere-${crypto.randomUUID().slice(0, 6)}@test.local`;
    const user = await createUser(db(), { email, password: 'pw-everywhere' });
    const laptop = await signIn(req(), { email, password: 'pw-everywhere' });
    const phone = await signIn(req(), { email, password: 'pw-everywhere' });
    if (!laptop.ok || !phone.ok) throw new Error('sign-in failed');
    expect(await getUser(req({ authorization: `Bearer ${phone.accessToken}` }))).not.toBeNull();

    await signOutEverywhere(req(), user.id);

    expect(await getUser(req({ authorization: `Bearer ${laptop.accessToken}` }))).toBeNull();
    expect(await getUser(req({ authorization: `Bearer ${phone.accessToken}` }))).toBeNull();
    expect((await refreshSession(req(), phone.refreshToken)).result.ok).toBe(false);
    const again = await signIn(req(), { email, password: 'pw-everywhere' });
    if (!again.ok) throw new Error('sign-in failed');
    expect(await getUser(req({ authorization: `Bearer ${again.accessToken}` }))).not.toBeNull();
    const audit = await db().auditLog.findFirst({
      where: { action: 'auth.logout_everywhere', actorUserId: user.id },
    });
    expect(audit).not.toBeNull();
  });
});
