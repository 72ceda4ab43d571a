// Connecting amoCRM by OAuth as the Integrations screen does, against the local amoCRM account (its consent
// screen, token endpoint with single-use rotating refresh tokens, and API v4): allow, deny, another account
// picked, a replayed state; then calls that end are logged through `POST /api/v4/calls` on the contact found
// (or created) by the number, once however often the post-call step runs — also when a worker died between
// sending the call and storing amoCRM's answer — and an expired token is refreshed with the rotated refresh
// token stored.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createCall, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRoute, callRouteJson } from '../../tests/support/route-call';
import { db, disconnectDb } from '~/.server/db';
import { amoCrmSecret } from '~/.server/integrations/amocrm-connection.server';
import { amoCrmRedirectUri } from '~/.server/integrations/amocrm-oauth-flow.server';
import { startFakeAmoCrm, type FakeAmoCrm } from '~/.server/integrations/amocrm/testing/fake-amocrm';
import { logCallInIntegrations } from '~/.server/integrations/integration-call-log.server';
import { closeQueues } from '~/.server/queues';
import { toolCredentials } from '~/.server/tools/project-tools.server';
import * as startRoute from './api.v1.projects.$projectId.integrations.amocrm-oauth';
import * as authorizeRoute from './api.v1.projects.$projectId.integrations.$integrationId.authorize';
import * as oneRoute from './api.v1.projects.$projectId.integrations.$integrationId';
import * as settingsRoute from './api.v1.projects.$projectId.tool-settings';
import * as callbackRoute from './p.$projectId.integrations_.amocrm.callback';
import * as recordingLinkRoute from './recordings.$token.call[.]wav';

let amo: FakeAmoCrm;
let projectId: string;
let admin: Record<string, string>;

async function start() {
  const r = await callRouteJson(startRoute, {
    method: 'POST',
    path: '/api/v1/x',
    params: { projectId },
    headers: admin,
    body: { name: 'amoCRM', accountUrl: amo.base, clientId: amo.clientId, clientSecret: amo.clientSecret },
  });
  expect(r.status).toBe(201);
  return { id: r.json.integration.id as string, authorizeUrl: r.json.authorizeUrl as string };
}

/** The person's answer on amoCRM's consent screen: where amoCRM sends the browser back. */
async function decide(authorizeUrl: string, decision: 'allow' | 'deny') {
  expect(await (await fetch(authorizeUrl)).text()).toContain('Allow');
  const url = new URL(authorizeUrl);
  url.searchParams.set('decision', decision);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function callback(back: URL) {
  const res = await callRoute(callbackRoute, {
    method: 'GET',
    path: `${back.pathname}${back.search}`,
    params: { projectId },
    headers: admin,
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!, 'http://localhost');
}

const sealedOf = async (id: string) => {
  const row = await db().integrationConnection.findUniqueOrThrow({ where: { id } });
  return amoCrmSecret.parse(
    JSON.parse((await toolCredentials().reveal(projectId, row.credentialId)) ?? '{}'),
  );
};

beforeAll(async () => {
  amo = await startFakeAmoCrm();
  projectId = (await createProject(db(), 'Integrations amoCRM')).id;
  const a = await createUser(db());
  await addMember(db(), projectId, a.id, 'admin');
  admin = await bearerFor(a.id);
  amo.state.redirectUri = amoCrmRedirectUri(projectId);
  const allowed = await callRouteJson(settingsRoute, {
    method: 'PUT',
    path: '/api/v1/x',
    params: { projectId },
    headers: admin,
    body: { allowHosts: ['127.0.0.1'], timeZone: 'UTC' },
  });
  expect(allowed.status).toBe(200);
});
afterAll(async () => {
  await amo.close();
  await closeQueues();
  await disconnectDb();
});

describe('connecting amoCRM by OAuth from the screen', () => {
  it('refuses, in words, a denial, another account and a replayed answer; allowing connects and tests', async () => {
    const denied = await start();
    expect((await callback(await decide(denied.authorizeUrl, 'deny'))).searchParams.get('oauthError')).toBe(
      'denied',
    );
    amo.state.refererOverride = 'someone-else.amocrm.ru';
    const other = await callback(await decide((await start()).authorizeUrl, 'allow'));
    amo.state.refererOverride = null;
    expect(other.searchParams.get('oauthError')).toBe('wrong_portal');

    // Authorize the denied one again from its card, and allow.
    const again = await callRouteJson(authorizeRoute, {
      method: 'POST',
      path: '/api/v1/x',
      params: { projectId, integrationId: denied.id },
      headers: admin,
    });
    expect(again.status).toBe(200);
    const exchanges = amo.state.tokenExchanges;
    const back = await decide(again.json.authorizeUrl as string, 'allow');
    expect(back.searchParams.get('referer')).toBe(new URL(amo.base).host);
    expect((await callback(back)).searchParams.get('connected')).toBe(denied.id);
    expect(amo.state.tokenExchanges - exchanges).toBe(1);
    expect((await callback(back)).searchParams.get('oauthError')).toBe('bad_state');

    const detail = await callRouteJson(oneRoute, {
      method: 'GET',
      path: '/api/v1/x',
      params: { projectId, integrationId: denied.id },
      headers: admin,
    });
    expect(detail.json.integration).toMatchObject({ provider: 'amocrm', health: { status: 'connected' } });
    expect(detail.json.log).toEqual([expect.objectContaining({ method: 'GET /api/v4/account', ok: true })]);
    const sealed = await sealedOf(denied.id);
    expect(detail.text).not.toContain(sealed.accessToken);
    expect(detail.text).not.toContain(amo.clientSecret);
    expect(amo.state.refreshTokens.has(sealed.refreshToken)).toBe(true);
    // The one that went to another account stays waiting; remove it so only one connection logs calls.
    await db().integrationConnection.deleteMany({ where: { projectId, authMode: 'oauth-pending' } });
  });
});

describe('calls logged in amoCRM by the post-call step', () => {
  it('logs a call once on the contact found or created by the number, even after a crash mid-way', async () => {
    const [connection] = await db().integrationConnection.findMany({
      where: { projectId, authMode: 'oauth' },
    });
    expect(connection).toBeDefined();
    const call = await createCall(db(), projectId, {
      fromNumber: '+79165550177',
      toNumber: '+74950000000',
      status: 'ended',
      durationMs: 47_000,
      endedAt: new Date(),
      summary: 'Записался на чистку зубов',
    });
    // No contact has the number: amoCRM would drop the call, so the contact is created first.
    expect(await logCallInIntegrations(db(), call.id)).toBe(1);
    expect(amo.state.calls).toEqual([
      expect.objectContaining({
        uniq: call.id,
        direction: 'inbound',
        phone: '+79165550177',
        duration: 47,
        call_status: 4,
        call_result: 'Записался на чистку зубов',
      }),
    ]);
    const contact = amo.state.contacts.get(amo.state.calls[0]!.contactId)!;
    expect(contact.custom_fields_values[0]!.values[0]!.value).toBe('+79165550177');

    // The post-call step again (a retried job): nothing new in amoCRM.
    expect(await logCallInIntegrations(db(), call.id)).toBe(1);
    expect(amo.state.calls).toHaveLength(1);

    // A worker that died after sending but before storing amoCRM's answer: the retry finds the call's note.
    await db().integrationCall.update({
      where: { connectionId_callId: { connectionId: connection!.id, callId: call.id } },
      data: { externalId: null, finished: false },
    });
    expect(await logCallInIntegrations(db(), call.id)).toBe(1);
    expect(amo.state.calls).toHaveLength(1);
    const progress = await db().integrationCall.findUniqueOrThrow({
      where: { connectionId_callId: { connectionId: connection!.id, callId: call.id } },
    });
    expect(progress).toMatchObject({ externalId: String(amo.state.calls[0]!.id), finished: true });
  });

  it('an expired token is refreshed once and the rotated refresh token is stored before use', async () => {
    const [connection] = await db().integrationConnection.findMany({
      where: { projectId, authMode: 'oauth' },
    });
    const before = await sealedOf(connection!.id);
    amo.expireAccessTokens();
    const exchanges = amo.state.tokenExchanges;
    const calls = await Promise.all(
      ['+79165550178', '+79165550179'].map((fromNumber) =>
        createCall(db(), projectId, { fromNumber, status: 'ended', durationMs: 0, endedAt: new Date() }),
      ),
    );
    await Promise.all(calls.map((c) => logCallInIntegrations(db(), c.id)));
    expect(amo.state.tokenExchanges - exchanges).toBe(1);
    const after = await sealedOf(connection!.id);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The old one is spent at amoCRM; the stored one is the live one.
    expect(amo.state.refreshTokens.has(before.refreshToken)).toBe(false);
    expect(amo.state.refreshTokens.has(after.refreshToken)).toBe(true);
    expect(amo.state.calls.filter((c) => c.call_status === 6)).toHaveLength(2);
  });
});

describe('the recording goes with the call as a signed, expiring link', () => {
  it('amoCRM gets a link that opens the recording without a session; a forged link opens nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vp-rec-'));
    const path = join(dir, 'call.wav');
    writeFileSync(path, Buffer.from(Array.from({ length: 800 }, (_, i) => i % 256)));
    const call = await createCall(db(), projectId, {
      fromNumber: '+79165550180',
      status: 'ended',
      durationMs: 12_000,
      endedAt: new Date(),
    });
    await db().callRecording.create({ data: { projectId, callId: call.id, path } });
    expect(await logCallInIntegrations(db(), call.id)).toBe(1);
    const link = amo.state.calls.find((c) => c.uniq === call.id)!.link;
    const url = new URL(link);
    expect(url.pathname).toMatch(/^\/recordings\/[\w-]+\.[\w-]+\.[\w-]+\/call\.wav$/);
    const token = url.pathname.split('/')[2]!;
    const fetched = await callRoute(recordingLinkRoute, {
      method: 'GET',
      path: url.pathname,
      params: { token },
    });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('audio/wav');
    expect((await fetched.arrayBuffer()).byteLength).toBe(800);
    expect(
      await db().auditLog.count({ where: { action: 'call.recording.link_access', targetId: call.id } }),
    ).toBe(1);
    const forged = `${token.slice(0, -4)}AAAA`;
    const refused = await callRoute(recordingLinkRoute, {
      method: 'GET',
      path: `/recordings/${forged}/call.wav`,
      params: { token: forged },
    });
    expect(refused.status).toBe(404);
  });
});
