// Connecting Bitrix24 by OAuth as the Integrations screen does, against the local Bitrix24 portal (its consent
// screen, token endpoint and REST): start (the app's secret sealed, the browser sent to the portal with a
// signed state), the portal's redirect to the callback, the connection tested; every refusal in words
// (denied, bad or replayed state, another person's state, a wrong portal, an untrusted token server, a failed
// exchange); then a call ending in the project reaches the portal through the post-call step; and two
// processes finding the token expired at once make one refresh.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createCall, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRoute, callRouteJson } from '../../tests/support/route-call';
import { runPendingAnalyses } from '~/.server/calls/post-call-analysis.server';
import { createDb, db, disconnectDb, type Db } from '~/.server/db';
import { databaseEnv } from '~/.server/env/env-schema';
import { parseEnv } from '~/.server/env/load-env';
import { startFakeBitrix24, type FakeBitrix24 } from '~/.server/integrations/bitrix24/testing/fake-bitrix24';
import { createAmoCrmIntegration } from '~/.server/integrations/amocrm-connection.server';
import { startFakeAmoCrm } from '~/.server/integrations/amocrm/testing/fake-amocrm';
import {
  integrationCrmPort,
  oauthSecret,
  refreshUnderLock,
  testConnection,
} from '~/.server/integrations/integrations.server';
import { closeQueues } from '~/.server/queues';
import { toolCredentials } from '~/.server/tools/project-tools.server';
import * as startRoute from './api.v1.projects.$projectId.integrations.bitrix24-oauth';
import * as authorizeRoute from './api.v1.projects.$projectId.integrations.$integrationId.authorize';
import * as oneRoute from './api.v1.projects.$projectId.integrations.$integrationId';
import * as settingsRoute from './api.v1.projects.$projectId.tool-settings';
import * as callbackRoute from './p.$projectId.integrations_.bitrix24.callback';
import * as recordingLinkRoute from './recordings.$token.call[.]wav';

let fake: FakeBitrix24;
let projectId: string;
let admin: Record<string, string>;
let otherAdmin: Record<string, string>;
let builder: Record<string, string>;

const startBody = () => ({
  name: 'Портал OAuth',
  portalUrl: fake.base,
  clientId: fake.clientId,
  clientSecret: fake.clientSecret,
});

/** Starts a connection as the screen does; answers its id and the consent address. */
async function start(body = startBody(), who = admin) {
  const r = await callRouteJson(startRoute, {
    method: 'POST',
    path: '/api/v1/x',
    params: { projectId },
    headers: who,
    body,
  });
  expect(r.status).toBe(201);
  return { id: r.json.integration.id as string, authorizeUrl: r.json.authorizeUrl as string };
}

/** The person's answer on the portal's consent screen: where the portal sends the browser back. */
async function decide(authorizeUrl: string, decision: 'allow' | 'deny') {
  const consent = await fetch(authorizeUrl);
  expect(await consent.text()).toContain('Allow');
  const url = new URL(authorizeUrl);
  url.searchParams.set('decision', decision);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** The browser arriving at the callback; answers where the screen was sent (connected or the reason). */
async function callback(back: URL, who = admin) {
  const res = await callRoute(callbackRoute, {
    method: 'GET',
    path: `${back.pathname}${back.search}`,
    params: { projectId },
    headers: who,
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!, 'http://localhost');
}

beforeAll(async () => {
  fake = await startFakeBitrix24();
  projectId = (await createProject(db(), 'Integrations OAuth')).id;
  const [a, o, b] = await Promise.all([createUser(db()), createUser(db()), createUser(db())]);
  await addMember(db(), projectId, a.id, 'admin');
  await addMember(db(), projectId, o.id, 'admin');
  await addMember(db(), projectId, b.id, 'builder');
  admin = await bearerFor(a.id);
  otherAdmin = await bearerFor(o.id);
  builder = await bearerFor(b.id);
  // The local portal is on loopback: allowed through the project's allowed hosts, as an admin would.
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
  await fake.close();
  await closeQueues();
  await disconnectDb();
});

describe('connecting Bitrix24 by OAuth from the screen', () => {
  it('refuses builders and portals the project does not allow', async () => {
    const asBuilder = await callRouteJson(startRoute, {
      method: 'POST',
      path: '/api/v1/x',
      params: { projectId },
      headers: builder,
      body: startBody(),
    });
    expect(asBuilder.status).toBe(403);
    const privatePortal = await callRouteJson(startRoute, {
      method: 'POST',
      path: '/api/v1/x',
      params: { projectId },
      headers: admin,
      body: { ...startBody(), portalUrl: 'https://10.9.8.7' },
    });
    expect(privatePortal.status).toBe(422);
    expect(privatePortal.json.error.fields.portalUrl).toBeDefined();
  });

  it('sends the admin to the portal, comes back connected and tested, the secret and tokens sealed', async () => {
    const { id, authorizeUrl } = await start();
    expect(authorizeUrl.startsWith(`${fake.base}/oauth/authorize/?client_id=${fake.clientId}&state=`)).toBe(
      true,
    );
    const pending = await callRouteJson(oneRoute, {
      method: 'GET',
      path: '/api/v1/x',
      params: { projectId, integrationId: id },
      headers: admin,
    });
    expect(pending.json.integration).toMatchObject({ authMode: 'oauth', health: { status: 'pending' } });
    expect(pending.text).not.toContain(fake.clientSecret);

    fake.state.redirectUri = `http://localhost/p/${projectId}/integrations/bitrix24/callback`;
    const back = await decide(authorizeUrl, 'allow');
    expect(back.searchParams.get('domain')).toBe(new URL(fake.base).host);
    const exchanges = fake.state.tokenExchanges;
    const screen = await callback(back);
    expect(screen.pathname).toBe(`/p/${projectId}/integrations`);
    expect(screen.searchParams.get('connected')).toBe(id);
    expect(fake.state.tokenExchanges - exchanges).toBe(1);

    const detail = await callRouteJson(oneRoute, {
      method: 'GET',
      path: '/api/v1/x',
      params: { projectId, integrationId: id },
      headers: admin,
    });
    expect(detail.json.integration).toMatchObject({ authMode: 'oauth', health: { status: 'connected' } });
    expect(detail.json.log).toEqual([expect.objectContaining({ method: 'profile', status: 200, ok: true })]);
    const row = await db().integrationConnection.findUniqueOrThrow({ where: { id } });
    const credential = await db().credential.findUniqueOrThrow({ where: { id: row.credentialId } });
    const sealed = oauthSecret.parse(
      JSON.parse((await toolCredentials().reveal(projectId, row.credentialId)) ?? '{}'),
    );
    expect(JSON.stringify(credential)).not.toContain(sealed.accessToken);
    expect(JSON.stringify(credential)).not.toContain(fake.clientSecret);
    expect(sealed.endpoint).toBe(`${fake.base}/rest/`);

    // The same redirect again (back button, a leaked link): the state is spent, nothing changes.
    expect((await callback(back)).searchParams.get('oauthError')).toBe('bad_state');
  });

  it('says in words why it did not connect: denied, another person, a forged state, a wrong portal', async () => {
    fake.state.redirectUri = `http://localhost/p/${projectId}/integrations/bitrix24/callback`;
    const denied = await start();
    expect((await callback(await decide(denied.authorizeUrl, 'deny'))).searchParams.get('oauthError')).toBe(
      'denied',
    );

    // Another admin of the project cannot finish a flow someone else started.
    const theirs = await start();
    const theirBack = await decide(theirs.authorizeUrl, 'allow');
    expect((await callback(theirBack, otherAdmin)).searchParams.get('oauthError')).toBe('bad_state');

    const forged = new URL(theirBack);
    forged.searchParams.set('state', `${forged.searchParams.get('state')!.slice(0, -4)}AAAA`);
    expect((await callback(forged)).searchParams.get('oauthError')).toBe('bad_state');

    const wrong = await start();
    fake.state.domainOverride = 'other.bitrix24.ru';
    const wrongBack = await decide(wrong.authorizeUrl, 'allow');
    fake.state.domainOverride = null;
    expect((await callback(wrongBack)).searchParams.get('oauthError')).toBe('wrong_portal');
    const row = await db().integrationConnection.findUniqueOrThrow({ where: { id: wrong.id } });
    expect(row.authMode).toBe('oauth-pending');
  });

  it('never sends the secret to a token server it does not trust, and says when the exchange fails', async () => {
    fake.state.redirectUri = `http://localhost/p/${projectId}/integrations/bitrix24/callback`;
    const exchanges = fake.state.tokenExchanges;
    const elsewhere = await start();
    const back = await decide(elsewhere.authorizeUrl, 'allow');
    back.searchParams.set('server_domain', 'collector.example');
    expect((await callback(back)).searchParams.get('oauthError')).toBe('exchange_failed');

    const badSecret = await start({ ...startBody(), clientSecret: 'not-the-secret' });
    expect(
      (await callback(await decide(badSecret.authorizeUrl, 'allow'))).searchParams.get('oauthError'),
    ).toBe('exchange_failed');
    expect(fake.state.tokenExchanges).toBe(exchanges);

    // Authorize again: a fresh consent address for the same connection, which now connects.
    const again = await callRouteJson(authorizeRoute, {
      method: 'POST',
      path: '/api/v1/x',
      params: { projectId, integrationId: elsewhere.id },
      headers: admin,
    });
    expect(again.status).toBe(200);
    const screen = await callback(await decide(again.json.authorizeUrl as string, 'allow'));
    expect(screen.searchParams.get('connected')).toBe(elsewhere.id);
  });
});

describe('calls reach Bitrix24 through the connection made on the screen', () => {
  it('logs a call that ended as a telephony call (register → finish) in the post-call step', async () => {
    fake.state.redirectUri = `http://localhost/p/${projectId}/integrations/bitrix24/callback`;
    const { authorizeUrl } = await start();
    expect((await callback(await decide(authorizeUrl, 'allow'))).searchParams.get('connected')).toBeTruthy();
    const phoneCall = await createCall(db(), projectId, {
      fromNumber: '+79165550188',
      toNumber: '+74950000000',
      status: 'ended',
      durationMs: 31_000,
      endedAt: new Date(),
    });
    const before = fake.state.requests.length;
    await runPendingAnalyses(db(), undefined, 5, projectId);
    const logged = fake.state.calls.filter((c) => c.key.includes(phoneCall.id));
    // Each OAuth connection of the project that logs calls has it once, finished (the call activity).
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.every((c) => c.finished && c.phone === '+79165550188')).toBe(true);
    const telephony = fake.state.requests.slice(before).filter((r) => r.method.startsWith('telephony.'));
    expect(telephony.map((r) => r.method)).toEqual(
      expect.arrayContaining(['telephony.externalcall.register', 'telephony.externalcall.finish']),
    );
    expect(telephony.every((r) => r.auth === 'oauth')).toBe(true);
  });
});

describe('the recording reaches Bitrix24', () => {
  it('attachRecord names a signed link to the call recording, which opens it without a session', async () => {
    fake.state.redirectUri = `http://localhost/p/${projectId}/integrations/bitrix24/callback`;
    const { authorizeUrl } = await start();
    expect((await callback(await decide(authorizeUrl, 'allow'))).searchParams.get('connected')).toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'vp-rec-'));
    const path = join(dir, 'call.wav');
    writeFileSync(path, Buffer.alloc(640, 7));
    const phoneCall = await createCall(db(), projectId, {
      fromNumber: '+79165550190',
      status: 'ended',
      durationMs: 9_000,
      endedAt: new Date(),
    });
    await db().callRecording.create({ data: { projectId, callId: phoneCall.id, path } });
    await runPendingAnalyses(db(), undefined, 5, projectId);
    const logged = fake.state.calls.filter((c) => c.key.includes(phoneCall.id));
    expect(logged.length).toBeGreaterThanOrEqual(1);
    const url = new URL(logged[0]!.recordUrl!);
    expect(url.pathname).toMatch(/\/call\.wav$/);
    const res = await callRoute(recordingLinkRoute, {
      method: 'GET',
      path: url.pathname,
      params: { token: url.pathname.split('/')[2]! },
    });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(640);
  });
});

describe('token refresh across processes', () => {
  it('two refreshers on separate database connections make one exchange and both get the new token', async () => {
    fake.state.redirectUri = `http://localhost/p/${projectId}/integrations/bitrix24/callback`;
    const { id, authorizeUrl } = await start();
    await callback(await decide(authorizeUrl, 'allow'));
    const row = await db().integrationConnection.findUniqueOrThrow({ where: { id } });
    const read = async () =>
      oauthSecret.parse(JSON.parse((await toolCredentials().reveal(projectId, row.credentialId)) ?? '{}'));
    const stale = (await read()).accessToken;
    fake.expireAccessTokens();
    // Two processes (the web app and a worker): each its own pool, each its own in-process single flight.
    const url = parseEnv(databaseEnv, 'database').DATABASE_URL;
    const processes: Db[] = [createDb(url), createDb(url)];
    // A slow token server: the first holds the lock while the second arrives and waits.
    fake.state.tokenDelayMs = 300;
    const exchanges = fake.state.tokenExchanges;
    try {
      const answers = await Promise.all(
        processes.map((client) =>
          refreshUnderLock(client, { projectId, row, stale, allowHosts: ['127.0.0.1'], read }),
        ),
      );
      expect(fake.state.tokenExchanges - exchanges).toBe(1);
      expect(answers[0]!.accessToken).not.toBe(stale);
      expect(answers[1]!.accessToken).toBe(answers[0]!.accessToken);
      expect((await read()).refreshToken).toBe(answers[0]!.refreshToken);
      expect(fake.state.refreshTokens.has(answers[0]!.refreshToken)).toBe(true);
    } finally {
      fake.state.tokenDelayMs = 0;
      await Promise.all(processes.map((p) => p.$disconnect()));
    }
  });
});

describe('amoCRM behind the same CRM port', () => {
  it('a flow naming an amoCRM connection finds, creates and notes contacts there, refreshing once, logged', async () => {
    const amo = await startFakeAmoCrm();
    try {
      const t = amo.install();
      const row = await createAmoCrmIntegration(projectId, {
        name: 'amo',
        baseUrl: amo.base,
        clientId: amo.clientId,
        clientSecret: amo.clientSecret,
        redirectUri: amo.redirectUri,
        accessToken: t.access,
        refreshToken: t.refresh,
      });
      expect((await testConnection(projectId, row.id)).ok).toBe(true);
      const crm = integrationCrmPort(projectId, row.id);
      const signal = new AbortController().signal;
      expect(await crm.findContact({ phone: '+79165550199', signal })).toBeNull();
      const contact = await crm.upsertContact({ phone: '89165550199', name: 'Олег', signal });
      amo.expireAccessTokens();
      const exchanges = amo.state.tokenExchanges;
      await Promise.all([
        crm.addNote({ contactId: contact.id, text: 'Перезвонить завтра', signal }),
        crm.findContact({ phone: '+79165550199', signal }),
      ]);
      expect(amo.state.tokenExchanges - exchanges).toBe(1);
      expect(amo.state.notes).toEqual([expect.objectContaining({ entityId: Number(contact.id) })]);
      const credential = await db().credential.findUniqueOrThrow({ where: { id: row.credentialId } });
      expect(JSON.stringify(credential)).not.toContain(t.refresh);
      const log = await db().integrationLog.findMany({ where: { connectionId: row.id } });
      expect(log.map((l) => l.method)).toEqual(
        expect.arrayContaining([
          'GET /api/v4/account',
          'POST /api/v4/contacts',
          'POST /api/v4/contacts/{id}/notes',
        ]),
      );
    } finally {
      await amo.close();
    }
  });
});
