import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRouteJson, type RouteModule } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import * as agentsRoute from './api.v1.projects.$projectId.agents';
import * as agentRoute from './api.v1.projects.$projectId.agents.$agentId';
import * as draftRoute from './api.v1.projects.$projectId.agents.$agentId.draft';
import * as publishRoute from './api.v1.projects.$projectId.agents.$agentId.publish';
import * as versionsRoute from './api.v1.projects.$projectId.agents.$agentId.versions';
import * as versionRoute from './api.v1.projects.$projectId.agents.$agentId.versions.$versionId';
import * as rollbackRoute from './api.v1.projects.$projectId.agents.$agentId.versions.$versionId.rollback';
import * as sessionsRoute from './api.v1.projects.$projectId.agents.$agentId.test-sessions';
import * as sessionRoute from './api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId';
import * as turnsRoute from './api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId.turns';

const appointment = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../flow-runtime/fixtures/good/appointment-ru.json'), 'utf8'),
) as Record<string, unknown>;

let projectId: string;
let builder: Record<string, string>;
let analyst: Record<string, string>;
let agentId: string;

const call = async (
  mod: RouteModule,
  method: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  body?: unknown,
) => {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, agentId, ...params },
    headers,
    body,
  });
};

beforeAll(async () => {
  projectId = (await createProject(db(), 'Studio test')).id;
  const b = await createUser(db());
  const a = await createUser(db());
  await addMember(db(), projectId, b.id, 'builder');
  await addMember(db(), projectId, a.id, 'analyst');
  builder = await bearerFor(b.id);
  analyst = await bearerFor(a.id);
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('agents, drafts and versions', () => {
  it('creates an agent from a template in its language; analysts read but cannot create', async () => {
    const created = await call(agentsRoute, 'POST', {}, builder, {
      name: 'Reception',
      language: 'ru',
      tags: ['a', 'a'],
    });
    expect(created.status).toBe(201);
    agentId = created.json.id;
    expect(created.json).toMatchObject({
      language: 'ru',
      tags: ['a'],
      liveVersion: null,
      draft: { revision: 1 },
    });
    expect(JSON.stringify(created.json.draft.graph)).toContain('Здравствуйте');
    expect((await call(agentsRoute, 'POST', {}, analyst, { name: 'x', language: 'en' })).status).toBe(403);
    const list = await call(agentsRoute, 'GET', {}, analyst);
    expect(list.json.agents.map((a: { id: string }) => a.id)).toContain(agentId);
    const bad = await call(agentsRoute, 'POST', {}, builder, { name: '', language: 'de' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['language', 'name']);
  });

  it('saves the draft by revision; a stale revision gets 409 and changes nothing', async () => {
    const saved = await call(draftRoute, 'PUT', {}, builder, { graph: appointment, revision: 1 });
    expect(saved.status).toBe(200);
    expect(saved.json.revision).toBe(2);
    const stale = await call(draftRoute, 'PUT', {}, builder, {
      graph: { schemaVersion: 2, nodes: [], edges: [] },
      revision: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('stale_revision');
    const draft = await call(draftRoute, 'GET', {}, analyst);
    expect(draft.json.revision).toBe(2);
    expect(draft.json.graph.nodes.length).toBe((appointment.nodes as unknown[]).length);
    expect((await call(draftRoute, 'PUT', {}, analyst, { graph: appointment, revision: 2 })).status).toBe(
      403,
    );
    expect((await call(draftRoute, 'PUT', {}, builder, { graph: 'nope', revision: 2 })).status).toBe(400);
  });

  it('publishes: errors block, warnings ask, then v1 goes live; v2; rollback to v1; all audited', async () => {
    const broken = {
      ...appointment,
      nodes: [
        ...(appointment.nodes as object[]),
        { id: 'x', type: 'teleport', position: { x: 0, y: 0 }, data: {} },
      ],
    };
    expect((await call(draftRoute, 'PUT', {}, builder, { graph: broken, revision: 2 })).status).toBe(200);
    const blocked = await call(publishRoute, 'POST', {}, builder, { note: 'first' });
    expect(blocked.status).toBe(422);
    expect(blocked.json.error.code).toBe('flow_invalid');

    expect((await call(draftRoute, 'PUT', {}, builder, { graph: appointment, revision: 3 })).status).toBe(
      200,
    );
    let v1 = await call(publishRoute, 'POST', {}, builder, { note: 'first' });
    if (v1.status === 409) {
      expect(v1.json.error.code).toBe('publish_warnings');
      v1 = await call(publishRoute, 'POST', {}, builder, { note: 'first', confirmWarnings: true });
    }
    expect(v1.status).toBe(201);
    expect(v1.json.version).toMatchObject({ number: 1, note: 'first', live: true });
    const v2 = await call(publishRoute, 'POST', {}, builder, { note: 'second', confirmWarnings: true });
    expect(v2.json.version.number).toBe(2);

    const versions = await call(versionsRoute, 'GET', {}, analyst);
    expect(versions.json.versions.map((v: { number: number; live: boolean }) => [v.number, v.live])).toEqual([
      [2, true],
      [1, false],
    ]);
    const one = await call(versionRoute, 'GET', { versionId: v1.json.version.id }, analyst);
    expect(one.json.version.graph.nodes.length).toBe((appointment.nodes as unknown[]).length);
    expect((await call(rollbackRoute, 'POST', { versionId: v1.json.version.id }, analyst)).status).toBe(403);
    const rolled = await call(rollbackRoute, 'POST', { versionId: v1.json.version.id }, builder);
    expect(rolled.json.version).toMatchObject({ number: 1, live: true });
    const agent = await call(agentRoute, 'GET', {}, analyst);
    expect(agent.json.liveVersion.number).toBe(1);
    const actions = (await db().auditLog.findMany({ where: { projectId, targetId: agentId } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['agent.create', 'agent.publish', 'agent.rollback']));
  });

  it('test conversations run the draft turn by turn and are kept', async () => {
    const started = await call(sessionsRoute, 'POST', {}, builder, {});
    expect(started.status).toBe(201);
    const sessionId = started.json.session.id;
    expect(started.json.turn.replies.length).toBeGreaterThan(0);
    expect(started.json.turn.activeNodeId).not.toBeNull();
    const next = await call(turnsRoute, 'POST', { sessionId }, builder, {
      text: 'Хочу записаться на завтра',
    });
    expect(next.status).toBe(200);
    expect(next.json.turn.trace).toBeDefined();
    const digits = await call(turnsRoute, 'POST', { sessionId }, builder, { dtmf: '1' });
    expect(digits.status).toBe(200);
    expect((await call(turnsRoute, 'POST', { sessionId }, builder, { dtmf: 'x' })).status).toBe(400);
    const reopened = await call(sessionRoute, 'GET', { sessionId }, analyst);
    expect(reopened.json.turns.map((t: { index: number }) => t.index)).toEqual([0, 1, 2]);
    expect(reopened.json.turns[1].input).toEqual({ text: 'Хочу записаться на завтра' });
    const list = await call(sessionsRoute, 'GET', {}, analyst);
    expect(list.json.sessions[0]).toMatchObject({ id: sessionId, turns: 3 });
  });

  it('deletes an agent', async () => {
    expect((await call(agentRoute, 'DELETE', {}, analyst)).status).toBe(403);
    expect((await call(agentRoute, 'DELETE', {}, builder)).status).toBe(204);
    expect((await call(agentRoute, 'GET', {}, builder)).status).toBe(404);
  });
});
