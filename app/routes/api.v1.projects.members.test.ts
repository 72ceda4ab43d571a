import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRoute, type RouteModule } from '../../tests/support/route-call';
import { parseApiKeyToken } from '~/.server/api-keys/api-key-token';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import * as acceptRoute from './api.v1.invitations.accept';
import * as meRoute from './api.v1.me';
import * as membersRoute from './api.v1.projects.$projectId.members';
import * as memberRoute from './api.v1.projects.$projectId.members.$userId';
import * as invitationRoute from './api.v1.projects.$projectId.members.invitations.$invitationId';
import * as keysRoute from './api.v1.projects.$projectId.api-keys';
import * as keyRoute from './api.v1.projects.$projectId.api-keys.$apiKeyId';

let projectId: string;
let ownerId: string;
let owner: Record<string, string>;
let admin: Record<string, string>;
let adminId: string;

const call = (
  mod: RouteModule,
  method: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  body?: unknown,
) => callRoute(mod, { method, path: '/api/v1/x', params: { projectId, ...params }, headers, body });
const auditActions = async () =>
  (
    await db().auditLog.findMany({ where: { projectId }, orderBy: { id: 'asc' }, select: { action: true } })
  ).map((a) => a.action);

beforeAll(async () => {
  projectId = (await createProject(db(), 'Members test')).id;
  const o = await createUser(db());
  const a = await createUser(db());
  ownerId = o.id;
  adminId = a.id;
  await addMember(db(), projectId, o.id, 'owner');
  await addMember(db(), projectId, a.id, 'admin');
  owner = await bearerFor(o.id);
  admin = await bearerFor(a.id);
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('members and invitations', () => {
  it('invites by link; a new person registers with it, joins with the role, and the link dies', async () => {
    const created = await call(membersRoute, 'POST', {}, admin, { role: 'builder' });
    expect(created.status).toBe(201);
    const { token, url, invitation } = (await created.json()) as {
      token: string;
      url: string;
      invitation: { id: string };
    };
    expect(url).toContain(`/invite/${token}`);
    expect(JSON.stringify(await db().invitation.findUnique({ where: { id: invitation.id } }))).not.toContain(
      token,
    );

    const email = `new-${crypto.randomUUID().slice(0, 6)}@test.local`;
    const joined = await call(
      acceptRoute,
      'POST',
      {},
      {},
      { token, register: { name: 'Nova', email, password: 'long-enough-pw' } },
    );
    expect(joined.status).toBe(201);
    const body = (await joined.json()) as { role: string; accessToken: string };
    expect(body.role).toBe('builder');
    const me = await call(meRoute, 'GET', {}, { authorization: `Bearer ${body.accessToken}` });
    expect(((await me.json()) as { email: string }).email).toBe(email);

    const again = await call(
      acceptRoute,
      'POST',
      {},
      {},
      { token, register: { name: 'X', email: `x${email}`, password: 'long-enough-pw' } },
    );
    expect(again.status).toBe(410);
    const list = (await (await call(membersRoute, 'GET', {}, admin)).json()) as {
      members: { email: string; role: string }[];
    };
    expect(list.members.find((m) => m.email === email)?.role).toBe('builder');
  });

  it('an invitation for one address cannot be taken by another signed-in user', async () => {
    const res = await call(membersRoute, 'POST', {}, owner, { role: 'analyst', email: 'Someone@Test.local' });
    const { token } = (await res.json()) as { token: string };
    const stranger = await createUser(db());
    const refused = await call(acceptRoute, 'POST', {}, await bearerFor(stranger.id), { token });
    expect(refused.status).toBe(403);
    // The refusal rolled back: the link still works for the right person.
    const someone = await createUser(db(), { email: 'someone@test.local' });
    expect((await call(acceptRoute, 'POST', {}, await bearerFor(someone.id), { token })).status).toBe(201);
  });

  it('revoked invitations stop working', async () => {
    const res = await call(membersRoute, 'POST', {}, owner, { role: 'operator' });
    const { token, invitation } = (await res.json()) as { token: string; invitation: { id: string } };
    expect((await call(invitationRoute, 'DELETE', { invitationId: invitation.id }, owner)).status).toBe(204);
    const u = await createUser(db());
    expect((await call(acceptRoute, 'POST', {}, await bearerFor(u.id), { token })).status).toBe(410);
  });

  it('validates input with field messages', async () => {
    const res = await call(membersRoute, 'POST', {}, owner, { role: 'emperor', email: 'nope' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(error.fields).sort()).toEqual(['email', 'role']);
  });

  it('admins cannot create owners, promote to owner, or touch owners', async () => {
    expect((await call(membersRoute, 'POST', {}, admin, { role: 'owner' })).status).toBe(403);
    expect((await call(memberRoute, 'PATCH', { userId: adminId }, admin, { role: 'owner' })).status).toBe(
      403,
    );
    expect((await call(memberRoute, 'DELETE', { userId: ownerId }, admin)).status).toBe(403);
    expect((await call(memberRoute, 'PATCH', { userId: ownerId }, admin, { role: 'builder' })).status).toBe(
      403,
    );
  });

  it('the last owner can be neither demoted nor removed; with a second owner both work', async () => {
    const demote = await call(memberRoute, 'PATCH', { userId: ownerId }, owner, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { error: { code: string } }).error.code).toBe('last_owner');
    expect((await call(memberRoute, 'DELETE', { userId: ownerId }, owner)).status).toBe(409);

    expect((await call(memberRoute, 'PATCH', { userId: adminId }, owner, { role: 'owner' })).status).toBe(
      200,
    );
    expect((await call(memberRoute, 'PATCH', { userId: ownerId }, owner, { role: 'admin' })).status).toBe(
      200,
    );
    // Put things back for the other tests.
    expect((await call(memberRoute, 'PATCH', { userId: ownerId }, admin, { role: 'owner' })).status).toBe(
      200,
    );
    expect((await call(memberRoute, 'PATCH', { userId: adminId }, owner, { role: 'admin' })).status).toBe(
      200,
    );
  });

  it('audits every membership change', async () => {
    const actions = await auditActions();
    for (const a of ['member.invite', 'member.join', 'member.invite_revoke', 'member.role_change'])
      expect(actions).toContain(a);
  });
});

describe('API keys', () => {
  it('are shown once, stored hashed, act with their role, and stop at revocation', async () => {
    const created = await call(keysRoute, 'POST', {}, admin, { name: 'Bitrix sync', role: 'admin' });
    expect(created.status).toBe(201);
    const { token, apiKey } = (await created.json()) as {
      token: string;
      apiKey: { id: string; prefix: string };
    };
    expect(token.startsWith(`vpk_${apiKey.prefix}_`)).toBe(true);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(row)).not.toContain(parseApiKeyToken(token)!.secret);
    const listed = JSON.stringify(await (await call(keysRoute, 'GET', {}, owner)).json());
    expect(listed).toContain(apiKey.prefix);
    expect(listed).not.toContain(token);

    const machine = { authorization: `Bearer ${token}` };
    expect((await call(membersRoute, 'GET', {}, machine)).status).toBe(200);
    expect((await call(meRoute, 'GET', {}, machine)).status).toBe(403);
    const invite = await call(membersRoute, 'POST', {}, machine, { role: 'operator' });
    expect(invite.status).toBe(201);
    const audited = await db().auditLog.findFirstOrThrow({
      where: { projectId, action: 'member.invite' },
      orderBy: { id: 'desc' },
    });
    expect(audited).toMatchObject({ actorType: 'api_key', actorUserId: apiKey.id });

    expect((await call(keyRoute, 'DELETE', { apiKeyId: apiKey.id }, owner)).status).toBe(200);
    expect((await call(membersRoute, 'GET', {}, machine)).status).toBe(401);
  });

  it('refuse owner keys, keys above the creator, and a wrong secret', async () => {
    expect((await call(keysRoute, 'POST', {}, owner, { name: 'x', role: 'owner' })).status).toBe(400);
    const { token } = (await (
      await call(keysRoute, 'POST', {}, owner, { name: 'ro', role: 'analyst' })
    ).json()) as { token: string };
    const analystKey = { authorization: `Bearer ${token}` };
    expect((await call(membersRoute, 'GET', {}, analystKey)).status).toBe(403);
    const wrong = `${token.slice(0, -4)}AAAA`;
    expect((await call(membersRoute, 'GET', {}, { authorization: `Bearer ${wrong}` })).status).toBe(401);
    const actions = await auditActions();
    expect(actions).toEqual(expect.arrayContaining(['api_key.create', 'api_key.revoke']));
  });
});
