// Issue 14, item 4: signing out (and refresh-token reuse detection) revoked the refresh family but left its
// access tokens working for up to 15 minutes. Revoking a sign-in must end its access tokens at once, on
// pages (getUser) and on the API (requireProjectPermission), without touching the user's other sign-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../support/factories.ts';
import { callRoute } from '../support/route-call.ts';
import { requireProjectPermission } from '#server/access/project-access.server.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { refreshSession, signOut } from '#server/auth/refresh-session.server.ts';
import { getUser } from '#server/auth/session.server.ts';
import { signIn } from '#server/auth/sign-in.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import * as logoutRoute from '../../app/routes/api.v1.auth.logout.ts';
import * as agentsRoute from '../../app/routes/api.v1.projects.$projectId.agents.ts';

const PASSWORD = 'revocation-password';
let email: string;
let projectId: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const req = (headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/v1/auth/logout', { method: 'POST', headers });

async function newSession() {
  const r = await signIn(req(), { email, password: PASSWORD });
  if (!r.ok) throw new Error('sign-in failed');
  return r;
}

async function apiStatus(accessToken: string): Promise<number> {
  const res = await callRoute(agentsRoute, {
    method: 'GET',
    path: `/api/v1/projects/${projectId}/agents`,
    params: { projectId },
    headers: bearer(accessToken),
  });
  return res.status;
}

async function pageUser(accessToken: string) {
  return getUser(new Request('http://localhost/app', { headers: { cookie: `vp_at=${accessToken}` } }));
}

beforeAll(async () => {
  const user = await createUser(db(), { password: PASSWORD });
  email = user.email;
  projectId = (await createProject(db())).id;
  await addMember(db(), projectId, user.id, 'builder');
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('revoking a sign-in ends its access tokens at once', () => {
  it('signing out (refresh token) kills that session’s access token, not the other session’s', async () => {
    const laptop = await newSession();
    const phone = await newSession();
    expect(await apiStatus(laptop.accessToken)).toBe(200);

    await signOut(req(), laptop.refreshToken);

    expect(await pageUser(laptop.accessToken)).toBeNull();
    expect(await apiStatus(laptop.accessToken)).toBe(401);
    await expect(
      requireProjectPermission(
        new Request('http://localhost/x', { headers: bearer(laptop.accessToken) }),
        projectId,
        'agents.read',
      ),
    ).rejects.toMatchObject({ status: 401 });
    expect(await pageUser(phone.accessToken)).not.toBeNull();
    expect(await apiStatus(phone.accessToken)).toBe(200);
  });

  it('signing out through the API with only the access token ends that session too', async () => {
    const session = await newSession();
    const res = await callRoute(logoutRoute, {
      method: 'POST',
      path: '/api/v1/auth/logout',
      params: {},
      headers: bearer(session.accessToken),
      body: {},
    });
    expect(res.status).toBe(204);
    expect(await apiStatus(session.accessToken)).toBe(401);
    expect((await refreshSession(req(), session.refreshToken)).result.ok).toBe(false);
  });

  it('a reused refresh token ends every access token of its family, the thief’s and the owner’s', async () => {
    const session = await newSession();
    const rotated = await refreshSession(req(), session.refreshToken);
    expect(rotated.result.ok).toBe(true);
    const thiefAccess = rotated.accessToken!;
    expect(await apiStatus(thiefAccess)).toBe(200);

    // The stolen (already used) token is presented again: reuse detected, family revoked.
    expect((await refreshSession(req(), session.refreshToken)).result).toMatchObject({ reason: 'reused' });

    expect(await apiStatus(thiefAccess)).toBe(401);
    expect(await apiStatus(session.accessToken)).toBe(401);
    expect(await pageUser(thiefAccess)).toBeNull();
  });
});
