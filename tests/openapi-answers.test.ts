// The answers the OpenAPI file documents are the answers the routes give: one project walked through the
// API, every JSON answer checked against the zod schema its operation documents (app/.server/api/operations).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { HttpMethod } from '#server/api/api-operation.ts';
import { apiOperations } from '#server/api/operations/index.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { closeTelephonyRedis } from '#server/telephony/telephony-bus.server.ts';
import * as meRoute from '~/routes/api.v1.me';
import * as projectsRoute from '~/routes/api.v1.projects';
import * as projectRoute from '~/routes/api.v1.projects.$projectId';
import * as templatesRoute from '~/routes/api.v1.projects.$projectId.agent-templates';
import * as agentsRoute from '~/routes/api.v1.projects.$projectId.agents';
import * as agentRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId';
import * as draftRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId.draft';
import * as publishRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId.publish';
import * as versionsRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId.versions';
import * as versionRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId.versions.$versionId';
import * as sessionsRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId.test-sessions';
import * as sessionRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId';
import * as turnsRoute from '~/routes/api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId.turns';
import * as apiKeysRoute from '~/routes/api.v1.projects.$projectId.api-keys';
import * as auditRoute from '~/routes/api.v1.projects.$projectId.audit-log';
import * as analysisRoute from '~/routes/api.v1.projects.$projectId.call-analysis.$agentId';
import * as callIssuesRoute from '~/routes/api.v1.projects.$projectId.call-issues';
import * as callTagsRoute from '~/routes/api.v1.projects.$projectId.call-tags';
import * as callsRoute from '~/routes/api.v1.projects.$projectId.calls';
import * as callRouteModule from '~/routes/api.v1.projects.$projectId.calls.$callId';
import * as issuesOfCallRoute from '~/routes/api.v1.projects.$projectId.calls.$callId.issues';
import * as kbsRoute from '~/routes/api.v1.projects.$projectId.knowledge-bases';
import * as sourcesRoute from '~/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources';
import * as chunksRoute from '~/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources.$sourceId';
import * as searchRoute from '~/routes/api.v1.projects.$projectId.knowledge-bases.search';
import * as membersRoute from '~/routes/api.v1.projects.$projectId.members';
import * as numbersRoute from '~/routes/api.v1.projects.$projectId.phone-numbers';
import * as numberRoute from '~/routes/api.v1.projects.$projectId.phone-numbers.$phoneNumberId';
import * as connectionsRoute from '~/routes/api.v1.projects.$projectId.sip-connections';
import * as connectionRoute from '~/routes/api.v1.projects.$projectId.sip-connections.$connectionId';
import * as testCallsRoute from '~/routes/api.v1.projects.$projectId.test-calls';
import { addMember, createCall, createProject, createUser } from './support/factories.ts';
import { bearerFor, callRouteJson, type JsonAnswer as Json, type RouteModule } from './support/route-call.ts';

const appointment = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../flow-runtime/fixtures/good/appointment-ru.json'), 'utf8'),
) as Record<string, unknown>;

let projectId: string;
let owner: Record<string, string>;

/**
 * Calls the route as Remix would and checks its answer against the schema documented for that status
 * (the answer must be documented; a JSON answer must parse with the documented zod schema).
 */
async function documented(
  mod: RouteModule,
  method: HttpMethod,
  path: string,
  params: Record<string, string> = {},
  body?: unknown,
): Promise<Json> {
  const { status, text, json } = await callRouteJson(mod, {
    method: method.toUpperCase(),
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: owner,
    body,
  });
  const op = apiOperations.find((o) => o.method === method && o.path === path);
  expect(op, `${method} ${path} is not in the operation table`).toBeDefined();
  expect(status, `${method} ${path} answered ${status}: ${text.slice(0, 300)}`).toBeLessThan(300);
  const spec = op!.responses[status];
  expect(spec, `${method} ${path} answered ${status}, which is not documented`).toBeDefined();
  if (spec && '_zod' in spec) {
    const parsed = (spec as z.ZodType).safeParse(json);
    expect(parsed.success ? [] : parsed.error.issues, `${method} ${path} ${status}`).toEqual([]);
  }
  return json;
}

beforeAll(async () => {
  const user = await createUser(db(), { name: 'Answer Checker' });
  projectId = (await createProject(db(), 'Documented answers')).id;
  await addMember(db(), projectId, user.id, 'owner');
  owner = await bearerFor(user.id);
});
afterAll(async () => {
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('documented answers match the routes', () => {
  it('account, project, members, API keys and audit log', async () => {
    await documented(meRoute, 'get', '/me');
    await documented(projectsRoute, 'get', '/projects');
    await documented(projectRoute, 'get', '/projects/{projectId}');
    await documented(membersRoute, 'post', '/projects/{projectId}/members', {}, { role: 'builder' });
    await documented(membersRoute, 'get', '/projects/{projectId}/members');
    await documented(
      apiKeysRoute,
      'post',
      '/projects/{projectId}/api-keys',
      {},
      { name: 'ci', role: 'admin' },
    );
    await documented(apiKeysRoute, 'get', '/projects/{projectId}/api-keys');
    const log = await documented(auditRoute, 'get', '/projects/{projectId}/audit-log');
    expect(log.entries.length).toBeGreaterThan(0);
  });

  it('agents, drafts, versions and test conversations', async () => {
    await documented(templatesRoute, 'get', '/projects/{projectId}/agent-templates');
    const agents = '/projects/{projectId}/agents';
    const agent = `${agents}/{agentId}`;
    const created = await documented(
      agentsRoute,
      'post',
      agents,
      {},
      { name: 'Receptionist', language: 'ru' },
    );
    const agentId = created.id as string;
    await documented(agentsRoute, 'get', agents);
    await documented(agentRoute, 'patch', agent, { agentId }, { tags: ['front-desk'] });
    const draft = await documented(draftRoute, 'get', `${agent}/draft`, { agentId });
    await documented(
      draftRoute,
      'put',
      `${agent}/draft`,
      { agentId },
      { graph: appointment, revision: draft.revision },
    );
    const published = await documented(
      publishRoute,
      'post',
      `${agent}/publish`,
      { agentId },
      { confirmWarnings: true },
    );
    const versionId = published.version.id as string;
    await documented(versionsRoute, 'get', `${agent}/versions`, { agentId });
    await documented(versionRoute, 'get', `${agent}/versions/{versionId}`, { agentId, versionId });
    await documented(agentRoute, 'get', agent, { agentId });
    const started = await documented(sessionsRoute, 'post', `${agent}/test-sessions`, { agentId }, {});
    const sessionId = started.session.id as string;
    await documented(
      turnsRoute,
      'post',
      `${agent}/test-sessions/{sessionId}/turns`,
      { agentId, sessionId },
      { text: 'Хочу записаться на завтра' },
    );
    await documented(sessionRoute, 'get', `${agent}/test-sessions/{sessionId}`, { agentId, sessionId });
    await documented(sessionsRoute, 'get', `${agent}/test-sessions`, { agentId });
    await documented(analysisRoute, 'get', '/projects/{projectId}/call-analysis/{agentId}', { agentId });
  });

  it('calls, the call card, tags and issues', async () => {
    const call = await createCall(db(), projectId, { status: 'ended', endedAt: new Date() }, [
      { speaker: 'agent', text: 'Здравствуйте!' },
      { speaker: 'caller', text: 'Когда вы открыты?' },
    ]);
    const turn = await db().callTurn.findFirstOrThrow({ where: { callId: call.id, speaker: 'agent' } });
    const callPath = '/projects/{projectId}/calls/{callId}';
    await documented(callRouteModule, 'patch', callPath, { callId: call.id }, { tags: ['hours'] });
    await documented(
      issuesOfCallRoute,
      'post',
      `${callPath}/issues`,
      { callId: call.id },
      { turnId: turn.id, reason: 'not_understood' },
    );
    await documented(issuesOfCallRoute, 'get', `${callPath}/issues`, { callId: call.id });
    await documented(callIssuesRoute, 'get', '/projects/{projectId}/call-issues');
    await documented(callTagsRoute, 'get', '/projects/{projectId}/call-tags');
    const page = await documented(callsRoute, 'get', '/projects/{projectId}/calls');
    expect(page.calls.length).toBeGreaterThan(0);
    await documented(callRouteModule, 'get', callPath, { callId: call.id });
  });

  it('knowledge bases, sources, chunks and search', async () => {
    const kbs = '/projects/{projectId}/knowledge-bases';
    const kb = await documented(kbsRoute, 'post', kbs, {}, { name: 'Hours' });
    const knowledgeBaseId = kb.id as string;
    await documented(kbsRoute, 'get', kbs);
    const sources = `${kbs}/{knowledgeBaseId}/sources`;
    const source = await documented(
      sourcesRoute,
      'post',
      sources,
      { knowledgeBaseId },
      { kind: 'qa', question: 'When are you open?', answer: 'Every day from 9 to 18.' },
    );
    await documented(sourcesRoute, 'get', sources, { knowledgeBaseId });
    await documented(chunksRoute, 'get', `${sources}/{sourceId}`, { knowledgeBaseId, sourceId: source.id });
    await documented(searchRoute, 'post', `${kbs}/search`, {}, { query: 'open' });
  });

  it('SIP connections, numbers and test calls', async () => {
    const connections = '/projects/{projectId}/sip-connections';
    const connection = await documented(
      connectionsRoute,
      'post',
      connections,
      {},
      { name: 'Zadarma', provider: 'zadarma', username: '100200', password: 'S3cret-pass-42' },
    );
    await documented(connectionsRoute, 'get', connections);
    await documented(connectionRoute, 'get', `${connections}/{connectionId}`, {
      connectionId: connection.id,
    });
    const numbers = '/projects/{projectId}/phone-numbers';
    const number = await documented(
      numbersRoute,
      'post',
      numbers,
      {},
      {
        address: `+7495${String(Date.now()).slice(-7)}`,
        connectionId: connection.id,
        workingHours: { timezone: 'Europe/Moscow', days: { mon: [['09:00', '18:00']] } },
      },
    );
    await documented(numbersRoute, 'get', numbers);
    await documented(
      numberRoute,
      'patch',
      `${numbers}/{phoneNumberId}`,
      { phoneNumberId: number.id },
      { label: 'Main' },
    );
    await documented(testCallsRoute, 'get', '/projects/{projectId}/test-calls');
  });
});
