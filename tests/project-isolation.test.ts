// Walks every project-scoped route of the app (API and pages): a member of project A gets 404 on every
// project-B resource, an operator of B is refused what its role lacks, and neither changes anything in B.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission } from '#server/access/permissions.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { issueApiKeyToken } from '#server/api-keys/api-key-token.ts';
import { addMember, createProject, createUser } from './support/factories.ts';
import { bearerFor, callRoute, type RouteModule } from './support/route-call.ts';
import { loadRoute, routeFiles, routesDir } from './support/route-modules.ts';

// The guards come from the route modules themselves: what each loader and action was wrapped with.
const projectRoutes = await Promise.all(routeFiles.filter((f) => f.includes('$projectId')).map(loadRoute));

let projectA: string;
let projectB: string;
let outsider: Record<string, string>;
let operator: Record<string, string>;
let outsiderKey: Record<string, string>;
const idsInB: Record<string, string> = {};

async function snapshotB() {
  const [members, invitations, keys, audit] = await Promise.all([
    db().membership.findMany({
      where: { projectId: projectB },
      select: { userId: true, role: true },
      orderBy: { userId: 'asc' },
    }),
    db().invitation.findMany({ where: { projectId: projectB }, orderBy: { id: 'asc' } }),
    db().apiKey.findMany({
      where: { projectId: projectB },
      select: { id: true, revokedAt: true, name: true },
      orderBy: { id: 'asc' },
    }),
    db().auditLog.count({ where: { projectId: projectB } }),
  ]);
  return { members, invitations, keys, audit };
}

beforeAll(async () => {
  projectA = (await createProject(db(), 'Isolation A')).id;
  projectB = (await createProject(db(), 'Isolation B')).id;
  const a = await createUser(db());
  const bOwner = await createUser(db());
  const bOperator = await createUser(db());
  await addMember(db(), projectA, a.id, 'owner');
  await addMember(db(), projectB, bOwner.id, 'owner');
  await addMember(db(), projectB, bOperator.id, 'operator');
  outsider = await bearerFor(a.id);
  operator = await bearerFor(bOperator.id);
  idsInB.userId = bOwner.id;
  idsInB.invitationId = (
    await db().invitation.create({
      data: {
        projectId: projectB,
        role: 'builder',
        tokenHash: crypto.randomUUID(),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    })
  ).id;
  const bKey = issueApiKeyToken();
  idsInB.apiKeyId = (
    await db().apiKey.create({
      data: {
        projectId: projectB,
        name: 'B key',
        role: 'admin',
        prefix: bKey.prefix,
        secretHash: bKey.secretHash,
      },
    })
  ).id;
  // An admin API key of project A must not reach B either.
  const aKey = issueApiKeyToken();
  await db().apiKey.create({
    data: {
      projectId: projectA,
      name: 'A key',
      role: 'admin',
      prefix: aKey.prefix,
      secretHash: aKey.secretHash,
    },
  });
  outsiderKey = { authorization: `Bearer ${aKey.token}` };
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

interface Case {
  file: string;
  method: string;
  permission: Permission;
}
const cases: Case[] = projectRoutes.flatMap(({ file, guards }) => {
  const out: Case[] = [];
  const asPermission = (g: string | undefined) =>
    g && g !== 'public' && g !== 'signed-in' ? (g as Permission) : undefined;
  const read = asPermission(guards.loader);
  const write = asPermission(guards.action);
  if (read) out.push({ file, method: 'GET', permission: read });
  if (write) for (const method of ['POST', 'PATCH', 'DELETE']) out.push({ file, method, permission: write });
  return out;
});
const body = { role: 'admin', name: 'Sneaky', email: null, intent: 'remove' };

function paramsFor(file: string): Record<string, string> {
  const params: Record<string, string> = { projectId: projectB };
  for (const m of file.matchAll(/\$(\w+)/g))
    if (m[1] !== 'projectId') params[m[1]!] = idsInB[m[1]!] ?? crypto.randomUUID();
  return params;
}
const pathFor = (file: string) => `/${file.replace(/\.tsx?$/, '').replace(/\./g, '/')}`;

describe('project isolation and roles, over every project route', () => {
  it('finds the project routes', () => {
    expect(cases.length).toBeGreaterThan(8);
  });

  it.each(cases)('$method $file: 404 for a member of another project (user and API key)', async (c) => {
    const before = await snapshotB();
    const mod = (await import(join(routesDir, c.file))) as RouteModule;
    const page = !c.file.startsWith('api.');
    for (const headers of [outsider, outsiderKey]) {
      const res = await callRoute(mod, {
        method: c.method,
        path: pathFor(c.file),
        params: paramsFor(c.file),
        headers,
        body: c.method === 'GET' ? undefined : body,
      });
      // Pages take people, not API keys: a key there is no session at all, so it is sent to sign in.
      if (page && headers === outsiderKey) expect(res.headers.get('location')).toMatch(/^\/login/);
      else expect(res.status).toBe(404);
    }
    expect(await snapshotB()).toEqual(before);
  });

  it.each(cases.filter((c) => !can('operator', c.permission)))(
    '$method $file: 403 for an operator ($permission)',
    async (c) => {
      const before = await snapshotB();
      const mod = (await import(join(routesDir, c.file))) as RouteModule;
      const res = await callRoute(mod, {
        method: c.method,
        path: pathFor(c.file),
        params: paramsFor(c.file),
        headers: operator,
        body: c.method === 'GET' ? undefined : body,
      });
      expect(res.status).toBe(403);
      expect(await snapshotB()).toEqual(before);
    },
  );
});
