import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRoute } from '../../tests/support/route-call';
import { agentTemplates } from '~/.server/agents/templates';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import * as agentsRoute from './api.v1.projects.$projectId.agents';
import * as publishRoute from './api.v1.projects.$projectId.agents.$agentId.publish';
import * as templatesRoute from './api.v1.projects.$projectId.agent-templates';

let projectId: string;
let analyst: Record<string, string>;
let builder: Record<string, string>;
let outsider: Record<string, string>;

const list = async (headers: Record<string, string>, query = '', project = projectId) => {
  const res = await callRoute(templatesRoute, {
    method: 'GET',
    path: `/api/v1/projects/${project}/agent-templates${query}`,
    params: { projectId: project },
    headers,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  projectId = (await createProject(db(), 'Templates test')).id;
  const a = await createUser(db());
  const o = await createUser(db());
  await addMember(db(), projectId, a.id, 'analyst');
  const b = await createUser(db());
  await addMember(db(), projectId, b.id, 'builder');
  builder = await bearerFor(b.id);
  await addMember(db(), (await createProject(db(), 'Elsewhere')).id, o.id, 'owner');
  analyst = await bearerFor(a.id);
  outsider = await bearerFor(o.id);
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('GET /api/v1/projects/{projectId}/agent-templates', () => {
  it('lists every template in both languages with its name, description and node count', async () => {
    const { status, json } = await list(analyst);
    expect(status).toBe(200);
    const templates = json.templates as { id: string; language: string; nodeCount: number }[];
    expect(templates).toHaveLength(agentTemplates.length);
    expect(templates).toContainEqual({
      id: 'appointment-booking',
      language: 'ru',
      name: 'Запись на приём',
      description: expect.stringContaining('услугу, дату и время'),
      nodeCount: 14,
    });
    for (const t of templates)
      expect(Object.keys(t).sort()).toEqual(['description', 'id', 'language', 'name', 'nodeCount']);
  });

  it('filters by language and refuses an unknown one', async () => {
    const en = await list(analyst, '?language=en');
    const ids = (en.json.templates as { id: string; language: string }[]).map((t) => `${t.id}.${t.language}`);
    expect(ids).toEqual([
      'blank.en',
      'inbound-support.en',
      'appointment-booking.en',
      'lead-qualification.en',
      'reminder-call.en',
    ]);
    const bad = await list(analyst, '?language=de');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: { code: 'validation_failed', fields: { language: expect.any(Array) } },
    });
  });

  it('answers only members of the project', async () => {
    expect((await list(outsider)).status).toBe(404);
    expect((await list({})).status).toBe(401);
  });

  it('every template starts an agent whose draft publishes at once (no errors, no warnings)', async () => {
    for (const template of agentTemplates) {
      const created = await callRoute(agentsRoute, {
        method: 'POST',
        path: `/api/v1/projects/${projectId}/agents`,
        params: { projectId },
        headers: builder,
        body: {
          name: `${template.id} ${template.language}`,
          language: template.language,
          template: template.id,
        },
      });
      expect(created.status, `${template.id}.${template.language}`).toBe(201);
      const agent = (await created.json()) as { id: string; draft: { graph: { nodes: unknown[] } } };
      expect(agent.draft.graph.nodes).toHaveLength((template.graph as { nodes: unknown[] }).nodes.length);
      const published = await callRoute(publishRoute, {
        method: 'POST',
        path: `/api/v1/projects/${projectId}/agents/${agent.id}/publish`,
        params: { projectId, agentId: agent.id },
        headers: builder,
        body: { note: 'from the template' },
      });
      expect(published.status, `${template.id}.${template.language}: ${await published.clone().text()}`).toBe(
        201,
      );
    }
  });
});
