// The handoff API through its route modules (issue 20): who may manage queues and set presence, an
// operator reading and answering only their own offers, tenancy, and the path from presence to accept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../../tests/support/factories.ts';
import { bearerFor, callRouteJson, type RouteModule } from '../../../tests/support/route-call.ts';
import { authContext } from '../auth/auth-context.server.ts';
import { db, disconnectDb } from '../db.ts';
import { closeTelephonyRedis } from '../telephony/telephony-bus.server.ts';
import * as queues from '~/routes/api.v1.projects.$projectId.queues';
import * as queueRoute from '~/routes/api.v1.projects.$projectId.queues.$queueId';
import * as presence from '~/routes/api.v1.projects.$projectId.operators.me.presence';
import * as handoffs from '~/routes/api.v1.projects.$projectId.handoffs';
import * as handoffRoute from '~/routes/api.v1.projects.$projectId.handoffs.$handoffId';
import * as accept from '~/routes/api.v1.projects.$projectId.handoffs.$handoffId.accept';
import * as decline from '~/routes/api.v1.projects.$projectId.handoffs.$handoffId.decline';
import * as complete from '~/routes/api.v1.projects.$projectId.handoffs.$handoffId.complete';
import { enqueueHandoff } from './handoff-routing.server.ts';

let projectId: string;
let otherProject: string;
const as: Record<'admin' | 'ann' | 'bob' | 'analyst' | 'stranger', Record<string, string>> = {} as never;
const userIds: Record<string, string> = {};

beforeAll(async () => {
  projectId = (await createProject(db())).id;
  otherProject = (await createProject(db())).id;
  for (const [name, role] of [
    ['admin', 'admin'],
    ['ann', 'operator'],
    ['bob', 'operator'],
    ['analyst', 'analyst'],
  ] as const) {
    const user = await createUser(db());
    await addMember(db(), projectId, user.id, role);
    userIds[name] = user.id;
    as[name] = await bearerFor(user.id);
  }
  const stranger = await createUser(db());
  await addMember(db(), otherProject, stranger.id, 'owner');
  as.stranger = await bearerFor(stranger.id);
});
afterAll(async () => {
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

const call = (
  mod: RouteModule,
  method: string,
  who: keyof typeof as,
  params: Record<string, string> = {},
  body?: unknown,
) =>
  callRouteJson(mod, {
    method,
    path: '/x',
    params: { projectId, ...params },
    headers: as[who],
    ...(body === undefined ? {} : { body }),
  });

describe('handoff API', () => {
  it('lets admins manage queues, refuses operators and analysts, and checks the after-wait node', async () => {
    expect((await call(queues, 'POST', 'ann', {}, { name: 'Sales' })).status).toBe(403);
    const created = await call(
      queues,
      'POST',
      'admin',
      {},
      { name: 'Sales', languages: ['ru'], topics: ['sales'] },
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Sales', languages: ['ru'], afterWait: 'hangup', waiting: 0 });
    expect((await call(queues, 'POST', 'admin', {}, { name: 'Sales' })).json.error.code).toBe(
      'queue_name_taken',
    );
    const badNode = await call(queues, 'POST', 'admin', {}, { name: 'X', afterWait: 'node' });
    expect(badNode.status).toBe(400);
    expect(badNode.json.error.fields).toHaveProperty('afterWaitNodeId');
    const patched = await call(queueRoute, 'PATCH', 'admin', { queueId: created.json.id }, { priority: 5 });
    expect(patched.json.priority).toBe(5);
    // Operators read the list (a Transfer block names queues); strangers do not see the project.
    expect((await call(queues, 'GET', 'ann')).json.queues).toHaveLength(1);
    expect((await call(queueRoute, 'GET', 'stranger', { queueId: created.json.id })).status).toBe(404);
    expect((await call(presence, 'PUT', 'analyst', {}, { status: 'online' })).status).toBe(403);
    expect((await call(presence, 'PUT', 'ann', {}, { status: 'busy' })).status).toBe(400);
  });

  it('keeps working hours and each after-wait action with what it names, and blames the right field', async () => {
    const hours = { days: { mon: [['09:00', '18:00']], sat: [['10:00', '14:00']] } };
    const night = await call(
      queues,
      'POST',
      'admin',
      {},
      { name: 'Night', afterWait: 'number', afterWaitTarget: '+7 495 123-45-67', workingHours: hours },
    );
    expect(night.status).toBe(201);
    expect(night.json).toMatchObject({ afterWait: 'number', workingHours: hours });
    const moved = await call(
      queues,
      'POST',
      'admin',
      {},
      { name: 'Overflow', afterWait: 'queue', afterWaitTarget: 'Night', afterWaitMessage: 'Минуту.' },
    );
    expect(moved.json).toMatchObject({ afterWait: 'queue', afterWaitTarget: 'Night', workingHours: null });
    const blamed = async (body: Record<string, unknown>) =>
      (await call(queues, 'POST', 'admin', {}, { name: 'Bad', ...body })).json.error.fields;
    expect(await blamed({ afterWait: 'number', afterWaitTarget: 'call me' })).toHaveProperty(
      'afterWaitTarget',
    );
    expect(await blamed({ afterWait: 'queue', afterWaitTarget: 'Nowhere' })).toHaveProperty(
      'afterWaitTarget',
    );
    expect(await blamed({ afterWait: 'queue', afterWaitTarget: 'Bad' })).toHaveProperty('afterWaitTarget');
    expect(await blamed({ workingHours: { days: { mon: [['18:00', '09:00']] } } })).toHaveProperty(
      'workingHours.days.mon.0',
    );
    // Always open again: null clears the hours.
    const cleared = await call(
      queueRoute,
      'PATCH',
      'admin',
      { queueId: night.json.id },
      { workingHours: null },
    );
    expect(cleared.json.workingHours).toBeNull();
    const audit = await db().auditLog.findMany({ where: { projectId, action: 'queue.update' } });
    expect(audit.length).toBeGreaterThan(0);
    for (const id of [night.json.id, moved.json.id])
      expect((await call(queueRoute, 'DELETE', 'admin', { queueId: id })).status).toBe(204);
  });

  it('offers a waiting call to an operator who goes online; only they read and answer it', async () => {
    const queue = (await call(queues, 'POST', 'admin', {}, { name: 'Support', languages: ['ru'] })).json;
    const waiting = await db().$transaction((tx) =>
      enqueueHandoff(tx, {
        projectId,
        queueName: 'Support',
        callId: null,
        packet: {
          reason: 'asked_for_person',
          summary: 'Нужен человек',
          language: 'ru',
          slots: { name: 'Анна' },
        },
      }),
    );
    expect(waiting?.queueId).toBe(queue.id);
    await call(presence, 'PUT', 'bob', {}, { status: 'away', languages: ['en'] });
    const online = await call(presence, 'PUT', 'ann', {}, { status: 'online', languages: ['ru'] });
    expect(online.json).toMatchObject({ status: 'offered', languages: ['ru'] });
    const mine = (await call(handoffs, 'GET', 'ann')).json.handoffs;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      queueName: 'Support',
      status: 'offered',
      packet: { summary: 'Нужен человек' },
    });
    const id = mine[0].id as string;
    expect((await call(handoffs, 'GET', 'bob')).json.handoffs).toEqual([]);
    expect((await call(handoffRoute, 'GET', 'bob', { handoffId: id })).status).toBe(404);
    expect((await call(accept, 'POST', 'bob', { handoffId: id })).json.error.code).toBe('offer_gone');
    expect((await call(handoffRoute, 'GET', 'admin', { handoffId: id })).status).toBe(200);
    expect((await call(presence, 'PUT', 'ann', {}, { status: 'away' })).json.error.code).toBe(
      'operator_engaged',
    );
    const accepted = await call(accept, 'POST', 'ann', { handoffId: id });
    expect(accepted.json).toMatchObject({ status: 'accepted', operatorUserId: userIds.ann });
    expect((await call(decline, 'POST', 'ann', { handoffId: id })).status).toBe(409);
    expect((await call(complete, 'POST', 'ann', { handoffId: id })).json.status).toBe('completed');
    expect((await call(presence, 'GET', 'ann')).json.status).toBe('wrap_up');
    expect((await call(presence, 'PUT', 'ann', {}, { status: 'online' })).json.status).toBe('online');
    const audit = await db().auditLog.findMany({ where: { projectId, action: { startsWith: 'handoff.' } } });
    expect(audit.map((a) => a.action).sort()).toEqual(['handoff.accept', 'handoff.complete']);
  });
});
