import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PROJECT } from './support/ui';

async function tokenFor(request: APIRequestContext, email: string) {
  const res = await request.post('/api/v1/auth/login', { data: { email, password: 'demo-password' } });
  expect(res.status()).toBe(200);
  return { authorization: `Bearer ${(await res.json()).accessToken}` };
}

test.describe('projects and audit log API', () => {
  test('lists projects with the role, creates one (owner, audited), and scopes everything by membership', async ({
    request,
  }) => {
    const owner = await tokenFor(request, 'owner@demo.local');
    const operator = await tokenFor(request, 'operator@demo.local');

    const list = await (await request.get('/api/v1/projects', { headers: owner })).json();
    const demo = list.projects.find((p: { name: string }) => p.name === DEMO_PROJECT);
    expect(demo).toMatchObject({ role: 'owner' });

    const bad = await request.post('/api/v1/projects', { headers: owner, data: { name: '' } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.fields.name).toBeTruthy();

    const created = await request.post('/api/v1/projects', {
      headers: owner,
      data: { name: `Clinic ${Date.now()}` },
    });
    expect(created.status()).toBe(201);
    const project = await created.json();
    expect(project.role).toBe('owner');

    const log = await (
      await request.get(`/api/v1/projects/${project.id}/audit-log`, { headers: owner })
    ).json();
    expect(log.entries.map((e: { action: string }) => e.action)).toContain('project.create');

    // The operator is no member of the new project: it does not exist for them.
    const hidden = await request.get(`/api/v1/projects/${project.id}/audit-log`, { headers: operator });
    expect(hidden.status()).toBe(404);
    // In the demo project the operator is a member, but may not read the audit log.
    const refused = await request.get(`/api/v1/projects/${demo.id}/audit-log`, { headers: operator });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
    expect((await request.get(`/api/v1/projects/not-a-uuid/audit-log`, { headers: owner })).status()).toBe(
      404,
    );
    expect((await request.get(`/api/v1/projects/${project.id}/audit-log`)).status()).toBe(401);
  });

  test('refuses malformed audit-log filters with field messages', async ({ request }) => {
    const owner = await tokenFor(request, 'owner@demo.local');
    const project = await (
      await request.post('/api/v1/projects', { headers: owner, data: { name: `Filters ${Date.now()}` } })
    ).json();
    const filtered = await request.get(`/api/v1/projects/${project.id}/audit-log?from=yesterday&limit=500`, {
      headers: owner,
    });
    expect(filtered.status()).toBe(400);
    const { fields } = (await filtered.json()).error;
    expect(Object.keys(fields).sort()).toEqual(['from', 'limit']);
  });
});
