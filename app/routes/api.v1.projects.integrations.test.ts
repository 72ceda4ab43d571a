// The Integrations API against a local Bitrix24 portal (fake-bitrix24 on loopback): roles, tenancy, the
// portal address checked by the project's allowed hosts, the secret never answered, test + log + health, and
// a flow's CRM blocks switching to Bitrix24 by naming the connection (the test console's ports).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, runTurn } from '#flow-runtime/index';
import { buildFlow } from '#flow-runtime/testing/build-flow';
import { addMember, createCall, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRouteJson, type RouteModule } from '../../tests/support/route-call';
import { db, disconnectDb } from '~/.server/db';
import { startFakeBitrix24, type FakeBitrix24 } from '~/.server/integrations/bitrix24/testing/fake-bitrix24';
import { logCallInIntegrations } from '~/.server/integrations/integration-call-log.server';
import { createOAuthIntegration } from '~/.server/integrations/integrations.server';
import { closeQueues } from '~/.server/queues';
import { testConversationPorts } from '~/.server/runtime-ports/console-ports.server';
import * as listRoute from './api.v1.projects.$projectId.integrations';
import * as oneRoute from './api.v1.projects.$projectId.integrations.$integrationId';
import * as testRoute from './api.v1.projects.$projectId.integrations.$integrationId.[test]';
import * as settingsRoute from './api.v1.projects.$projectId.tool-settings';

let fake: FakeBitrix24;
let projectId: string;
let admin: Record<string, string>;
let builder: Record<string, string>;
let operator: Record<string, string>;
let outsider: Record<string, string>;
let connectionId: string;

const call = (
  mod: RouteModule,
  method: string,
  headers: Record<string, string>,
  params = {},
  body?: unknown,
) => callRouteJson(mod, { method, path: '/api/v1/x', params: { projectId, ...params }, headers, body });
const connectBody = () => ({ provider: 'bitrix24', name: 'Портал', webhookUrl: fake.webhookUrl });

beforeAll(async () => {
  fake = await startFakeBitrix24();
  projectId = (await createProject(db(), 'Integrations API')).id;
  const otherProjectId = (await createProject(db(), 'Other integrations')).id;
  const [a, b, o, x] = await Promise.all([
    createUser(db()),
    createUser(db()),
    createUser(db()),
    createUser(db()),
  ]);
  await addMember(db(), projectId, a.id, 'admin');
  await addMember(db(), projectId, b.id, 'builder');
  await addMember(db(), projectId, o.id, 'operator');
  await addMember(db(), otherProjectId, x.id, 'owner');
  admin = await bearerFor(a.id);
  builder = await bearerFor(b.id);
  operator = await bearerFor(o.id);
  outsider = await bearerFor(x.id);
});
afterAll(async () => {
  await fake.close();
  await closeQueues();
  await disconnectDb();
});

describe('integrations API', () => {
  it('refuses a portal on loopback until the project allows the host', async () => {
    const refused = await call(listRoute, 'POST', admin, {}, connectBody());
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.json)).toMatch(/webhookUrl/);
    const notAHook = await call(
      listRoute,
      'POST',
      admin,
      {},
      { ...connectBody(), webhookUrl: 'https://x.ru/a' },
    );
    expect(notAHook.status).toBe(422);
    const allowed = await call(
      settingsRoute,
      'PUT',
      admin,
      {},
      { allowHosts: ['127.0.0.1'], timeZone: 'UTC' },
    );
    expect(allowed.status).toBe(200);
  });

  it('connects by webhook without ever answering its code, and only for admins and owners', async () => {
    expect((await call(listRoute, 'POST', builder, {}, connectBody())).status).toBe(403);
    const made = await call(listRoute, 'POST', admin, {}, connectBody());
    expect(made.status).toBe(201);
    const view = made.json as { id: string; portal: string; health: { status: string } };
    connectionId = view.id;
    expect(view.portal).toBe(new URL(fake.base).host);
    expect(view.health.status).toBe('untested');
    expect(JSON.stringify(made.json)).not.toContain('abc123def456');
    const listed = await call(listRoute, 'GET', operator);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.json)).not.toContain('abc123def456');
    // The sealed credential holds the URL; no column of the connection does.
    const row = await db().integrationConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(JSON.stringify(row)).not.toContain('abc123def456');
  });

  it('is not found from another project', async () => {
    expect((await call(oneRoute, 'GET', outsider, { integrationId: connectionId })).status).toBe(404);
    expect((await call(testRoute, 'POST', outsider, { integrationId: connectionId })).status).toBe(404);
    expect((await call(oneRoute, 'DELETE', outsider, { integrationId: connectionId })).status).toBe(404);
  });

  it('tests the connection; the request shows in its log and the health turns connected', async () => {
    expect((await call(testRoute, 'POST', operator, { integrationId: connectionId })).status).toBe(403);
    const tested = await call(testRoute, 'POST', admin, { integrationId: connectionId });
    expect(tested.json).toMatchObject({
      ok: true,
      error: null,
      integration: { health: { status: 'connected' } },
    });
    const detail = await call(oneRoute, 'GET', operator, { integrationId: connectionId });
    expect(detail.json).toMatchObject({ log: [{ method: 'profile', status: 200, ok: true }] });
  });

  it('a flow’s CRM block uses Bitrix24 when it names the connection, the built-in CRM otherwise', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['save', 'crm', { connection: connectionId, action: 'upsert_contact', name: 'Анна' }],
        ['find', 'crm', { connection: connectionId, action: 'find_contact' }],
        ['hello', 'end', { message: 'Здравствуйте, {{contact.first_name}}!', disposition: 'known' }],
        ['oops', 'end', { message: 'Ошибка CRM', disposition: 'crm_failed' }],
      ],
      [
        ['start', 'next', 'save'],
        ['save', 'done', 'find'],
        ['save', 'failed', 'oops'],
        ['find', 'found', 'hello'],
        ['find', 'not_found', 'oops'],
        ['find', 'failed', 'oops'],
      ],
    );
    const ports = testConversationPorts(flow, projectId);
    const turn = await runTurn(
      flow,
      initialState(flow),
      { type: 'call_started', caller: { number: '+79165550101' }, direction: 'inbound' },
      ports,
    );
    expect(turn.commands[0]).toMatchObject({ type: 'say', text: 'Здравствуйте, Анна!' });
    expect([...fake.state.contacts.values()]).toEqual([
      expect.objectContaining({ NAME: 'Анна', PHONE: [{ VALUE: '+79165550101', VALUE_TYPE: 'WORK' }] }),
    ]);
    // Nothing went to the built-in CRM.
    expect(await db().crmContact.count({ where: { projectId } })).toBe(0);
    const detail = await call(oneRoute, 'GET', admin, { integrationId: connectionId });
    const methods = (detail.json as { log: { method: string }[] }).log.map((l) => l.method);
    expect(methods).toEqual(expect.arrayContaining(['crm.duplicate.findbycomm', 'crm.contact.add']));
  });

  it('records failures as health (failing since, last error) and disconnects with its secret', async () => {
    fake.state.throttleNext = 100;
    const tested = await call(testRoute, 'POST', admin, { integrationId: connectionId });
    fake.state.throttleNext = 0;
    expect(tested.json).toMatchObject({ ok: false, integration: { health: { status: 'failing' } } });
    expect(JSON.stringify(tested.json)).toMatch(/QUERY_LIMIT_EXCEEDED/);
    const row = await db().integrationConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect((await call(oneRoute, 'DELETE', builder, { integrationId: connectionId })).status).toBe(403);
    expect((await call(oneRoute, 'DELETE', admin, { integrationId: connectionId })).status).toBe(204);
    expect(await db().credential.count({ where: { id: row.credentialId } })).toBe(0);
    expect(await db().integrationLog.count({ where: { connectionId } })).toBe(0);
  });
});

describe('the post-call step logs calls in Bitrix24', () => {
  it('as a telephony call of an OAuth connection, once however often it runs, refreshing an expired token', async () => {
    const tokens = fake.install();
    const conn = await createOAuthIntegration(projectId, {
      name: 'App',
      userId: 1,
      logCalls: true,
      endpoint: `${fake.base}/rest/`,
      oauthUrl: fake.base,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      accessToken: tokens.access,
      refreshToken: tokens.refresh,
    });
    // A webhook connection too: telephony is refused to webhooks, so it is not asked.
    const hook = await call(listRoute, 'POST', admin, {}, connectBody());
    expect(hook.status).toBe(201);
    const phoneCall = await createCall(db(), projectId, {
      fromNumber: '89165550177',
      toNumber: '+74950000000',
      durationMs: 42_000,
      endedAt: new Date(),
    });
    fake.expireAccessTokens();
    const exchanges = fake.state.tokenExchanges;
    expect(await logCallInIntegrations(db(), phoneCall.id)).toBe(1);
    expect(await logCallInIntegrations(db(), phoneCall.id)).toBe(1);
    expect(fake.state.tokenExchanges - exchanges).toBe(1);
    const logged = fake.state.calls.filter((c) => c.key.includes(phoneCall.id));
    expect(logged).toEqual([expect.objectContaining({ finished: true, phone: '+79165550177' })]);
    expect(fake.state.activities.filter((a) => a.callId === logged[0]!.CALL_ID)).toHaveLength(1);
    // The rotated tokens were stored sealed; the old refresh token is spent.
    const row = await db().integrationConnection.findUniqueOrThrow({ where: { id: conn.id } });
    const credential = await db().credential.findUniqueOrThrow({ where: { id: row.credentialId } });
    expect(JSON.stringify(credential)).not.toContain(tokens.refresh);
    expect(fake.state.refreshTokens.has(tokens.refresh)).toBe(false);
    const methods = fake.state.requests.filter((r) => r.method.startsWith('telephony.'));
    expect(methods.every((r) => r.auth === 'oauth')).toBe(true);
  });
});
