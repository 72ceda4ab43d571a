import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createPublishedAgent, createUser } from '../../tests/support/factories';
import { bearerFor, callRouteJson, type RouteModule } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import { closeTelephonyRedis } from '~/.server/telephony/telephony-bus.server';
import * as connectionsRoute from './api.v1.projects.$projectId.sip-connections';
import * as connectionRoute from './api.v1.projects.$projectId.sip-connections.$connectionId';
import * as numbersRoute from './api.v1.projects.$projectId.phone-numbers';
import * as numberRoute from './api.v1.projects.$projectId.phone-numbers.$phoneNumberId';
import * as testCallsRoute from './api.v1.projects.$projectId.test-calls';

let projectId: string;
let otherProjectId: string;
const as: Record<string, Record<string, string>> = {};

const call = async (
  mod: RouteModule,
  method: string,
  who: string,
  params: Record<string, string> = {},
  body?: unknown,
) => {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: as[who]!,
    body,
  });
};

const auditCount = () => db().auditLog.count({ where: { projectId } });

beforeAll(async () => {
  projectId = (await createProject(db(), 'Telephony API')).id;
  otherProjectId = (await createProject(db(), 'Telephony other')).id;
  for (const role of ['owner', 'admin', 'builder', 'supervisor', 'operator'] as const) {
    const user = await createUser(db());
    await addMember(db(), projectId, user.id, role);
    as[role] = await bearerFor(user.id);
  }
});
afterAll(async () => {
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('SIP connections API', () => {
  let connectionId: string;

  it('refuses invalid input with field messages and changes nothing', async () => {
    const before = await auditCount();
    const bad = await call(
      connectionsRoute,
      'POST',
      'admin',
      {},
      {
        name: '',
        provider: 'acme',
        host: 'sip://x',
        port: 70000,
        codecs: [],
      },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(
      expect.arrayContaining(['name', 'provider', 'host', 'port', 'codecs']),
    );
    const noPassword = await call(
      connectionsRoute,
      'POST',
      'admin',
      {},
      {
        name: 'Mango',
        provider: 'mango',
        host: 'pbx.example.ru',
      },
    );
    expect(noPassword.json.error.fields).toMatchObject({
      username: [expect.any(String)],
      password: [expect.any(String)],
    });
    const noHost = await call(
      connectionsRoute,
      'POST',
      'admin',
      {},
      {
        name: 'Mango',
        provider: 'mango',
        username: 'u',
        password: 'p',
      },
    );
    expect(noHost.status).toBe(400);
    expect(noHost.json.error.fields.host).toBeDefined();
    expect(await auditCount()).toBe(before);
    expect(await db().sipConnection.count({ where: { projectId } })).toBe(0);
  });

  it('creates from a preset; the password is sealed, masked, audited masked, never returned', async () => {
    const created = await call(
      connectionsRoute,
      'POST',
      'admin',
      {},
      {
        name: 'Zadarma main',
        provider: 'zadarma',
        username: '100200',
        password: 'S3cret-pass-42',
        callerIdRules: { defaultCallerId: '+74951234567', format: 'digits' },
        maxConcurrentCalls: 2,
      },
    );
    expect(created.status).toBe(201);
    connectionId = created.json.id;
    expect(created.json).toMatchObject({
      host: 'sip.zadarma.com',
      port: 5060,
      transport: 'udp',
      authMode: 'registration',
      password: '••••••••',
      codecs: ['PCMA', 'PCMU'],
      maxConcurrentCalls: 2,
    });
    const everything = [
      created.text,
      (await call(connectionsRoute, 'GET', 'builder')).text,
      (await call(connectionRoute, 'GET', 'supervisor', { connectionId })).text,
      JSON.stringify((await db().auditLog.findMany({ where: { projectId } })).map((e) => e.diff)),
      JSON.stringify(await db().sipConnection.findMany({ where: { projectId } })),
      (await db().credential.findMany({ where: { projectId } }))
        .map((c) => Buffer.from(c.ciphertext).toString('latin1'))
        .join(),
    ].join('\n');
    expect(everything).not.toContain('S3cret-pass-42');
    const audit = await db().auditLog.findFirst({ where: { projectId, action: 'sip_connection.create' } });
    expect(JSON.stringify(audit?.diff)).toContain('"password":"••••');
    const dup = await call(
      connectionsRoute,
      'POST',
      'owner',
      {},
      {
        name: 'Zadarma main',
        provider: 'zadarma',
        username: 'x',
        password: 'y',
      },
    );
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields.name).toBeDefined();
  });

  it('lists presets for the form', async () => {
    const list = await call(connectionsRoute, 'GET', 'builder');
    expect(list.json.presets.map((p: { id: string }) => p.id)).toEqual([
      'zadarma',
      'mango',
      'exolve',
      'beeline',
      'megafon',
      'generic',
    ]);
  });

  it('PATCH changes only what is sent; a new password replaces the stored one', async () => {
    const patched = await call(
      connectionRoute,
      'PATCH',
      'owner',
      { connectionId },
      {
        transport: 'tcp',
        password: 'Another-9876',
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ transport: 'tcp', password: '••••••••', username: '100200' });
    const ip = await call(connectionRoute, 'PATCH', 'owner', { connectionId }, { authMode: 'ip' });
    expect(ip.json.authMode).toBe('ip');
    const bad = await call(connectionRoute, 'PATCH', 'owner', { connectionId }, { port: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.port).toBeDefined();
  });

  it('only owner and admin change connections; builder and supervisor read; operator neither', async () => {
    for (const who of ['builder', 'supervisor', 'operator']) {
      const res = await call(connectionsRoute, 'POST', who, {}, { name: 'x', provider: 'generic' });
      expect(res.status).toBe(403);
      expect((await call(connectionRoute, 'DELETE', who, { connectionId })).status).toBe(403);
    }
    expect((await call(connectionsRoute, 'GET', 'operator')).status).toBe(403);
  });

  it('a connection of another project is 404', async () => {
    const foreign = await db().sipConnection.create({
      data: { projectId: otherProjectId, name: 'Theirs', provider: 'generic', host: 'x.example' },
    });
    expect((await call(connectionRoute, 'GET', 'owner', { connectionId: foreign.id })).status).toBe(404);
    expect((await call(connectionRoute, 'DELETE', 'owner', { connectionId: foreign.id })).status).toBe(404);
    expect(await db().sipConnection.findUnique({ where: { id: foreign.id } })).not.toBeNull();
  });

  describe('phone numbers', () => {
    let agentId: string;
    let v1: string;
    let numberId: string;

    beforeAll(async () => {
      const published = await createPublishedAgent(db(), projectId, {
        name: 'Reception',
        language: 'ru',
        graph: { schemaVersion: 2, nodes: [], edges: [] },
      });
      agentId = published.agent.id;
      v1 = published.version.id;
    });

    it('validates E.164 numbers and SIP addresses, with field messages', async () => {
      const before = await auditCount();
      const bad = await call(
        numbersRoute,
        'POST',
        'admin',
        {},
        {
          address: '+7 123',
          outboundCallerId: 'abc',
          workingHours: { timezone: 'Mars/Base', days: { mon: [['18:00', '09:00']] } },
        },
      );
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.json.error.fields)).toEqual(
        expect.arrayContaining([
          'address',
          'outboundCallerId',
          'workingHours.timezone',
          'workingHours.days.mon.0',
        ]),
      );
      const foreignAgent = await call(
        numbersRoute,
        'POST',
        'admin',
        {},
        {
          address: '+74951112233',
          agentId: crypto.randomUUID(),
        },
      );
      expect(foreignAgent.status).toBe(400);
      expect(foreignAgent.json.error.fields.agentId).toBeDefined();
      expect(await auditCount()).toBe(before);
    });

    it('adds a number written the usual way, attached to a connection and an agent, pinned', async () => {
      const created = await call(
        numbersRoute,
        'POST',
        'admin',
        {},
        {
          address: '8 (495) 111-22-33',
          label: 'Main line',
          connectionId,
          agentId,
          pinnedVersionId: v1,
          outboundCallerId: '+7 495 111 22 33',
          workingHours: { timezone: 'Europe/Moscow', days: { mon: [['09:00', '18:00']] } },
          afterHoursMessage: 'Мы работаем с 9 до 18.',
        },
      );
      expect(created.status).toBe(201);
      numberId = created.json.id;
      expect(created.json).toMatchObject({
        address: '+74951112233',
        kind: 'e164',
        connection: { id: connectionId, name: 'Zadarma main' },
        agent: { id: agentId, liveVersion: 1 },
        pinnedVersion: { id: v1, number: 1 },
        outboundCallerId: '+74951112233',
      });
      const sip = await call(numbersRoute, 'POST', 'admin', {}, { address: 'sip:Reception@pbx.example' });
      expect(sip.json).toMatchObject({ address: 'reception', kind: 'sip' });
      const taken = await call(numbersRoute, 'POST', 'owner', {}, { address: '+74951112233' });
      expect(taken.status).toBe(409);
      const list = await call(numbersRoute, 'GET', 'supervisor');
      expect(list.json.phoneNumbers.map((n: { address: string }) => n.address)).toEqual([
        '+74951112233',
        'reception',
      ]);
    });

    it('changing the agent unpins; clearing hours works; roles are enforced', async () => {
      const other = await createPublishedAgent(db(), projectId, {
        name: 'Sales',
        language: 'ru',
        graph: { schemaVersion: 2, nodes: [], edges: [] },
      });
      const moved = await call(
        numberRoute,
        'PATCH',
        'owner',
        { phoneNumberId: numberId },
        {
          agentId: other.agent.id,
          workingHours: null,
        },
      );
      expect(moved.status).toBe(200);
      expect(moved.json).toMatchObject({
        agent: { id: other.agent.id },
        pinnedVersion: null,
        workingHours: null,
      });
      const wrongPin = await call(
        numberRoute,
        'PATCH',
        'owner',
        { phoneNumberId: numberId },
        {
          pinnedVersionId: v1,
        },
      );
      expect(wrongPin.status).toBe(400);
      expect(wrongPin.json.error.fields.pinnedVersionId).toBeDefined();
      expect(
        (await call(numberRoute, 'PATCH', 'builder', { phoneNumberId: numberId }, { label: 'x' })).status,
      ).toBe(403);
      expect((await call(numberRoute, 'DELETE', 'admin', { phoneNumberId: numberId })).status).toBe(204);
      expect((await call(numberRoute, 'GET', 'admin', { phoneNumberId: numberId })).status).toBe(404);
    });

    it('test calls: validated, builders refused, and a clear 503 when no media server listens', async () => {
      const bad = await call(testCallsRoute, 'POST', 'admin', {}, { connectionId: 'x', agentId, to: '' });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(['connectionId', 'to']));
      const body = { connectionId, agentId, to: '+74951112233' };
      expect((await call(testCallsRoute, 'POST', 'builder', {}, body)).status).toBe(403);
      const none = await call(testCallsRoute, 'POST', 'admin', {}, body);
      expect(none.status).toBe(503);
      expect(none.json.error.code).toBe('media_server_unavailable');
      const list = await call(testCallsRoute, 'GET', 'supervisor');
      expect(list.json.testCalls[0]).toMatchObject({ status: 'failed', sipCode: 503 });
    });

    it('deleting a connection detaches its numbers and removes its stored password', async () => {
      const n = await call(numbersRoute, 'POST', 'admin', {}, { address: '+74957778899', connectionId });
      expect((await call(connectionRoute, 'DELETE', 'admin', { connectionId })).status).toBe(204);
      const after = await call(numberRoute, 'GET', 'admin', { phoneNumberId: n.json.id });
      expect(after.json.connection).toBeNull();
      expect(await db().credential.count({ where: { projectId, kind: 'sip_password' } })).toBe(0);
    });
  });
});
