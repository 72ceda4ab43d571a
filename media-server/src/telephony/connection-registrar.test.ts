// Changes to a SIP connection reach a running gateway without a restart: the API publishes, the media
// server's subscriber reloads, the gateway re-registers with the new credentials against a real registrar
// on loopback, and the live state comes back to the API. The password never appears in an answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../../tests/support/factories.ts';
import { bearerFor, callRoute, type RouteModule } from '../../../tests/support/route-call.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import {
  loadAllConnectionConfigs,
  loadConnectionConfig,
} from '#server/telephony/connection-config.server.ts';
import {
  clearRegistrationStatus,
  writeRegistrationStatus,
} from '#server/telephony/registration-status.server.ts';
import { closeTelephonyRedis } from '#server/telephony/telephony-bus.server.ts';
import * as listRoute from '../../../app/routes/api.v1.projects.$projectId.sip-connections.ts';
import * as oneRoute from '../../../app/routes/api.v1.projects.$projectId.sip-connections.$connectionId.ts';
import type { SipGateway } from '../sip-gateway/sip-gateway.ts';
import { startTestGateway, until } from '../sip-gateway/test-support/test-gateway.ts';
import { ConnectionRegistrar } from './connection-registrar.ts';
import { startTelephonyControl } from './telephony-control.ts';
import { startFakeCarrier, type FakeCarrier } from './test-support/fake-carrier.ts';

const env = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const redis = createRedis(env);
let gateway: SipGateway;
let carrier: FakeCarrier;
let registrar: ConnectionRegistrar;
let control: { close(): Promise<void> };
let projectId: string;
let owner: Record<string, string>;

async function call(mod: RouteModule, method: string, params: Record<string, string>, body?: unknown) {
  const res = await callRoute(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: owner,
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

async function registration(id: string) {
  const got = await call(oneRoute, 'GET', { connectionId: id });
  return got.json.registration as { state: string; sipCode: number | null } | null;
}

async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  carrier = await startFakeCarrier({ users: { alice: 'first-secret' } });
  gateway = await startTestGateway(() => ({ accept: false, status: 404, reason: 'none' }));
  const logger = createLogger('registrar-test', 'silent');
  registrar = new ConnectionRegistrar({
    register: (o) => gateway.register(o),
    load: loadConnectionConfig,
    loadAll: loadAllConnectionConfigs,
    report: (id, status, ttl) =>
      status ? writeRegistrationStatus(redis, id, status, ttl) : clearRegistrationStatus(redis, id),
    logger,
    retryMs: 300,
  });
  await registrar.start();
  control = await startTelephonyControl(
    createRedis(env),
    { connectionChanged: (id) => registrar.reload(id), testCallRequested: async () => undefined },
    logger,
  );
  projectId = (await createProject(db(), 'Live reload')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'owner');
  owner = await bearerFor(user.id);
});
afterAll(async () => {
  await control.close();
  await registrar.close();
  await gateway.close();
  await carrier.close();
  await redis.quit();
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('SIP connection changes apply live', () => {
  it('registers on create, re-registers on a new password, un-registers when disabled or deleted', async () => {
    const created = await call(
      listRoute,
      'POST',
      {},
      {
        name: 'Loopback carrier',
        provider: 'generic',
        host: '127.0.0.1',
        port: carrier.port,
        username: 'alice',
        password: 'first-secret',
        registerExpires: 60,
      },
    );
    expect(created.status).toBe(201);
    expect(created.text).not.toContain('first-secret');
    expect(created.json.password).toBe('••••••••');
    const id = created.json.id as string;

    await eventually(async () => (await registration(id))?.state === 'registered', 'registered');
    expect(carrier.registers.some((r) => r.username === 'alice' && r.authorized && r.expires === 60)).toBe(
      true,
    );
    const list = await call(listRoute, 'GET', {});
    expect(list.text).not.toContain('first-secret');

    // A wrong password: the running gateway re-registers at once and the state says why it failed.
    expect((await call(oneRoute, 'PATCH', { connectionId: id }, { password: 'wrong-secret' })).status).toBe(
      200,
    );
    await eventually(async () => (await registration(id))?.sipCode === 401, 'failed with 401');
    expect((await registration(id))?.state).toBe('failed');

    carrier.users.set('alice', 'second-secret');
    await call(oneRoute, 'PATCH', { connectionId: id }, { password: 'second-secret' });
    await eventually(async () => (await registration(id))?.state === 'registered', 're-registered');

    const unregisters = () => carrier.registers.filter((r) => r.expires === 0 && r.authorized).length;
    const before = unregisters();
    await call(oneRoute, 'PATCH', { connectionId: id }, { enabled: false });
    await until(() => unregisters() > before, 5000, 'un-REGISTER');
    await eventually(async () => (await registration(id)) === null, 'status cleared');

    await call(oneRoute, 'PATCH', { connectionId: id }, { enabled: true });
    await eventually(async () => (await registration(id))?.state === 'registered', 'registered again');
    expect((await call(oneRoute, 'DELETE', { connectionId: id })).status).toBe(204);
    await until(() => unregisters() > before + 1, 5000, 'un-REGISTER on delete');
    expect(registrar.state(id)).toBeUndefined();
  });
});
