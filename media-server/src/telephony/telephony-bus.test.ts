// The web process asks the media server over the telephony bus, with real Redis: the connection check runs
// where SIP lives and comes back through the API as before; no media server (or a silent one) is a clear
// 503 instead of a hanging request; and changes made through the web service layer reach a running media
// server's route cache (the web process keeps no route cache of its own to clear).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../../tests/support/factories.ts';
import { bearerFor, callRouteJson, type RouteModule } from '../../../tests/support/route-call.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { askConnectionCheck } from '#server/telephony/connection-check.server.ts';
import { routeDialled } from '#server/telephony/inbound-route.server.ts';
import { closeTelephonyRedis, subscribeTelephony } from '#server/telephony/telephony-bus.server.ts';
import * as checkRoute from '../../../app/routes/api.v1.projects.$projectId.sip-connections.$connectionId.check.ts';
import * as connectionsRoute from '../../../app/routes/api.v1.projects.$projectId.sip-connections.ts';
import * as numberRoute from '../../../app/routes/api.v1.projects.$projectId.phone-numbers.$phoneNumberId.ts';
import * as numbersRoute from '../../../app/routes/api.v1.projects.$projectId.phone-numbers.ts';
import * as rollbackRoute from '../../../app/routes/api.v1.projects.$projectId.agents.$agentId.versions.$versionId.rollback.ts';
import { checkStoredConnection } from './connection-check.ts';
import { startTelephonyControl } from './telephony-control.ts';
import { startFakeCarrier, type FakeCarrier } from './test-support/fake-carrier.ts';

const env = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const logger = createLogger('bus-test', 'silent');
const graph = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
) as object;
let carrier: FakeCarrier;
let projectId: string;
let owner: Record<string, string>;
let connectionId: string;

/** A running media server's ear, as main.ts starts it (checks answered against the loopback carrier). */
const startMediaServerControl = () =>
  startTelephonyControl(
    createRedis(env),
    {
      connectionChanged: async () => undefined,
      testCallRequested: async () => undefined,
      checkConnection: (project, connection) =>
        checkStoredConnection(project, connection, { allowHosts: ['127.0.0.1'] }),
    },
    logger,
  );

async function call(mod: RouteModule, method: string, params: Record<string, string>, body?: unknown) {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: owner,
    body,
  });
}

async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  carrier = await startFakeCarrier({ users: { alice: 'right' } });
  projectId = (await createProject(db(), 'Bus')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'owner');
  owner = await bearerFor(user.id);
  const created = await call(
    connectionsRoute,
    'POST',
    {},
    {
      name: 'Loopback carrier',
      provider: 'generic',
      host: '127.0.0.1',
      port: carrier.port,
      username: 'alice',
      password: 'right',
    },
  );
  expect(created.status).toBe(201);
  connectionId = created.json.id as string;
});
afterAll(async () => {
  await carrier.close();
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('connection check over the telephony bus', () => {
  it('the API answers every step of a check the media server ran', async () => {
    const control = await startMediaServerControl();
    try {
      const checked = await call(checkRoute, 'POST', { connectionId });
      expect(checked.status).toBe(200);
      expect(checked.json.ok).toBe(true);
      expect(
        checked.json.steps.map((s: { step: string; sipCode: number | null }) => [s.step, s.sipCode]),
      ).toEqual([
        ['dns', null],
        ['options', 200],
        ['register', 200],
      ]);
      expect(checked.json.steps[2].explanation.en).toMatch(/accepted/);
      // Another project's connection: the media server does not check it (the API already says 404).
      const other = (await createProject(db(), 'Bus other')).id;
      expect(await askConnectionCheck(other, connectionId)).toEqual({ ok: false, reason: 'not_found' });
    } finally {
      await control.close();
    }
  });

  it('without a media server the check answers 503 at once, with a translatable code', async () => {
    const started = Date.now();
    const checked = await call(checkRoute, 'POST', { connectionId });
    expect(checked.status).toBe(503);
    expect(checked.json.error.code).toBe('media_server_unavailable');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a media server that never answers: the check gives up after its timeout', async () => {
    const silent = createRedis(env);
    const unsubscribe = await subscribeTelephony(silent, () => undefined);
    try {
      const started = Date.now();
      const answer = await askConnectionCheck(projectId, connectionId, { timeoutMs: 400 });
      expect(answer).toEqual({ ok: false, reason: 'media_server_unavailable' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    } finally {
      await unsubscribe();
      silent.disconnect();
    }
  });

  it('two media servers: one of them runs the check', async () => {
    const first = await startMediaServerControl();
    const second = await startMediaServerControl();
    try {
      const before = carrier.registers.length;
      const answer = await askConnectionCheck(projectId, connectionId);
      expect(answer.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      // One check is one challenged REGISTER and its answer: two requests, not four.
      expect(carrier.registers.length - before).toBe(2);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('route-cache invalidation reaches the media server', () => {
  it('numbers and live versions changed through the web service layer clear a running media server’s routes', async () => {
    const first = await createPublishedAgent(db(), projectId, { name: 'First', language: 'en', graph });
    const second = await createPublishedAgent(db(), projectId, { name: 'Second', language: 'en', graph });
    const control = await startMediaServerControl();
    // A fixed clock: without an invalidation the cached answer would stand for ever.
    const at = Date.now();
    const agentOf = async (address: string) => {
      const route = await routeDialled(address, at);
      return route.ok ? route.agentId : null;
    };
    try {
      const created = await call(
        numbersRoute,
        'POST',
        {},
        {
          address: '+74950007700',
          agentId: first.agent.id,
        },
      );
      expect(created.status).toBe(201);
      await eventually(async () => (await agentOf('+74950007700')) === first.agent.id, 'the new number');
      const numberId = created.json.id as string;
      expect(
        (await call(numberRoute, 'PATCH', { phoneNumberId: numberId }, { agentId: second.agent.id })).status,
      ).toBe(200);
      await eventually(async () => (await agentOf('+74950007700')) === second.agent.id, 'the new agent');

      // A rollback moves the live version: the route follows.
      const v2 = await db().agentVersion.create({
        data: { agentId: second.agent.id, projectId, number: 2, graph, settings: {}, note: 'second' },
      });
      const versionOf = async () => {
        const route = await routeDialled('+74950007700', at);
        return route.ok ? route.versionId : null;
      };
      expect(await versionOf()).toBe(second.version.id);
      const rolled = await call(rollbackRoute, 'POST', { agentId: second.agent.id, versionId: v2.id });
      expect(rolled.status).toBe(200);
      await eventually(async () => (await versionOf()) === v2.id, 'the rolled-to version');
    } finally {
      await control.close();
    }
    // With no media server listening nothing clears the cache: the bus is what carried the change.
    const { agent: third } = await createPublishedAgent(db(), projectId, {
      name: 'Third',
      language: 'en',
      graph,
    });
    const number = await db().phoneNumber.findUniqueOrThrow({ where: { address: '+74950007700' } });
    await call(numberRoute, 'PATCH', { phoneNumberId: number.id }, { agentId: third.id });
    await new Promise((r) => setTimeout(r, 200));
    expect(await agentOf('+74950007700')).toBe(second.agent.id);
  });
});
