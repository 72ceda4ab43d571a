// Issue 14, item 13: nothing limited the expensive endpoints (knowledge search, CSV exports, studio test
// sessions and turns, project creation, connection checks, test calls). Each now answers 429 with
// Retry-After and the standard error shape past a limit per caller, and past a limit per project (so many
// members or keys cannot multiply it); the OpenAPI file says so.
import { afterAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../support/factories.ts';
import { bearerFor, callRoute, type RouteModule } from '../support/route-call.ts';
import { openApiDocument } from '#server/api/openapi.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { PROJECT_RATE_LIMITS, ACCOUNT_RATE_LIMITS } from '#server/http/rate-limits.ts';
import * as searchRoute from '../../app/routes/api.v1.projects.$projectId.knowledge-bases.search.ts';
import * as sourcesRoute from '../../app/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources.ts';
import * as callsCsvRoute from '../../app/routes/api.v1.projects.$projectId.calls[.csv].ts';
import * as auditCsvRoute from '../../app/routes/api.v1.projects.$projectId.audit-log[.csv].ts';
import * as sessionsRoute from '../../app/routes/api.v1.projects.$projectId.agents.$agentId.test-sessions.ts';
import * as turnsRoute from '../../app/routes/api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId.turns.ts';
import * as checkRoute from '../../app/routes/api.v1.projects.$projectId.sip-connections.$connectionId.check.ts';
import * as testCallsRoute from '../../app/routes/api.v1.projects.$projectId.test-calls.ts';
import * as projectsRoute from '../../app/routes/api.v1.projects.ts';
import * as projectsPage from '../../app/routes/projects.tsx';

afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

async function owner(projectId?: string) {
  const user = await createUser(db());
  if (projectId) await addMember(db(), projectId, user.id, 'owner');
  return { id: user.id, headers: await bearerFor(user.id) };
}

interface Case {
  name: keyof typeof PROJECT_RATE_LIMITS;
  route: RouteModule;
  method: 'GET' | 'POST';
  path: (p: string) => string;
  params: Record<string, string>;
  body?: unknown;
}

const agentId = crypto.randomUUID();
const cases: Case[] = [
  {
    name: 'knowledge-search',
    route: searchRoute,
    method: 'POST',
    path: (p) => `/api/v1/projects/${p}/knowledge-bases/search`,
    params: {},
    body: { query: 'opening hours' },
  },
  {
    name: 'knowledge-source',
    route: sourcesRoute,
    method: 'POST',
    path: (p) => `/api/v1/projects/${p}/knowledge-bases/x/sources`,
    params: { knowledgeBaseId: crypto.randomUUID() },
    body: { kind: 'qa', question: 'When?', answer: 'Now.' },
  },
  {
    name: 'calls-export',
    route: callsCsvRoute,
    method: 'GET',
    path: (p) => `/api/v1/projects/${p}/calls.csv`,
    params: {},
  },
  {
    name: 'audit-export',
    route: auditCsvRoute,
    method: 'GET',
    path: (p) => `/api/v1/projects/${p}/audit-log.csv`,
    params: {},
  },
  {
    name: 'test-session',
    route: sessionsRoute,
    method: 'POST',
    path: (p) => `/api/v1/projects/${p}/agents/${agentId}/test-sessions`,
    params: { agentId },
    body: {},
  },
  {
    name: 'test-turn',
    route: turnsRoute,
    method: 'POST',
    path: (p) => `/api/v1/projects/${p}/agents/${agentId}/test-sessions/x/turns`,
    params: { agentId, sessionId: crypto.randomUUID() },
    body: { text: 'hello' },
  },
  {
    name: 'connection-check',
    route: checkRoute,
    method: 'POST',
    path: (p) => `/api/v1/projects/${p}/sip-connections/x/check`,
    params: { connectionId: crypto.randomUUID() },
  },
  {
    name: 'test-call',
    route: testCallsRoute,
    method: 'POST',
    path: (p) => `/api/v1/projects/${p}/test-calls`,
    params: {},
    body: { connectionId: crypto.randomUUID(), agentId, to: '+15550100' },
  },
];

const hit = (c: Case, projectId: string, headers: Record<string, string>) =>
  callRoute(c.route, {
    method: c.method,
    path: c.path(projectId),
    params: { projectId, ...c.params },
    headers,
    body: c.body,
  });

async function expectRateLimited(res: Response) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('rate_limited');
  expect(body.error.message).toMatch(/try again/i);
}

describe('expensive project endpoints are rate limited', () => {
  it.each(cases)('$name: per caller, then 429 with Retry-After', async (c) => {
    const projectId = (await createProject(db())).id;
    const me = await owner(projectId);
    const limit = PROJECT_RATE_LIMITS[c.name].perActor.limit;
    for (let i = 0; i < limit; i++) {
      const res = await hit(c, projectId, me.headers);
      expect(res.status, `request ${i + 1}`).not.toBe(429);
      await res.arrayBuffer();
    }
    await expectRateLimited(await hit(c, projectId, me.headers));
    // Another member of the project still has their own allowance.
    const colleague = await owner(projectId);
    expect((await hit(c, projectId, colleague.headers)).status).not.toBe(429);
  });

  it('per project: members together cannot go past the project’s limit', async () => {
    const c = cases.find((x) => x.name === 'test-call')!;
    const { perActor, perProject } = PROJECT_RATE_LIMITS['test-call'];
    const projectId = (await createProject(db())).id;
    let sent = 0;
    while (sent < perProject.limit) {
      const member = await owner(projectId);
      for (let i = 0; i < perActor.limit && sent < perProject.limit; i++, sent++)
        expect((await hit(c, projectId, member.headers)).status).not.toBe(429);
    }
    await expectRateLimited(await hit(c, projectId, (await owner(projectId)).headers));
  });
});

describe('project creation is rate limited per user', () => {
  it('API: 429 with the standard error shape past the limit', async () => {
    const me = await owner();
    for (let i = 0; i < ACCOUNT_RATE_LIMITS['project-create'].limit; i++) {
      const res = await callRoute(projectsRoute, {
        method: 'POST',
        path: '/api/v1/projects',
        params: {},
        headers: me.headers,
        body: { name: `P${i}` },
      });
      expect(res.status).toBe(201);
    }
    await expectRateLimited(
      await callRoute(projectsRoute, {
        method: 'POST',
        path: '/api/v1/projects',
        params: {},
        headers: me.headers,
        body: { name: 'one too many' },
      }),
    );
  });

  it('projects screen: the form says to wait, and no project is created', async () => {
    const me = await owner();
    const create = (name: string) =>
      projectsPage.action({
        request: new Request('http://localhost/projects', {
          method: 'POST',
          headers: me.headers,
          body: new URLSearchParams({ name }),
        }),
        params: {},
        context: {},
      });
    for (let i = 0; i < ACCOUNT_RATE_LIMITS['project-create'].limit; i++) await create(`Screen ${i}`);
    const refused = (await create('one too many')) as { data: { code: string }; init: { status: number } };
    expect(refused.init.status).toBe(429);
    expect(refused.data.code).toBe('rate_limited');
    expect(await db().project.count({ where: { name: 'one too many' } })).toBe(0);
  });
});

describe('the OpenAPI file documents the 429', () => {
  const paths = openApiDocument().paths as Record<
    string,
    Record<string, { responses: Record<string, unknown> }>
  >;
  it.each([
    ['/projects/{projectId}/knowledge-bases/search', 'post'],
    ['/projects/{projectId}/knowledge-bases/{knowledgeBaseId}/sources', 'post'],
    ['/projects/{projectId}/calls.csv', 'get'],
    ['/projects/{projectId}/audit-log.csv', 'get'],
    ['/projects/{projectId}/agents/{agentId}/test-sessions', 'post'],
    ['/projects/{projectId}/agents/{agentId}/test-sessions/{sessionId}/turns', 'post'],
    ['/projects/{projectId}/sip-connections/{connectionId}/check', 'post'],
    ['/projects/{projectId}/test-calls', 'post'],
    ['/projects', 'post'],
    ['/invitations/accept', 'post'],
    ['/auth/login', 'post'],
  ])('%s %s', (path, method) => {
    expect(paths[path]?.[method]?.responses).toHaveProperty('429');
  });
});
