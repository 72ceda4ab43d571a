// Provider accounts over the API: keys sealed and masked, roles, the Test button's plain explanations
// against a local server that plays the provider, and the SSRF guard on custom endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRouteJson, type RouteModule } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import {
  startLocalHttpServer,
  type LocalHttpServer,
} from '~/.server/providers/test-support/local-http-server';
import * as listRoute from './api.v1.projects.$projectId.providers';
import * as oneRoute from './api.v1.projects.$projectId.providers.$providerId';
import * as testRoute from './api.v1.projects.$projectId.providers.$providerId.[test]';
import * as catalogRoute from './api.v1.projects.$projectId.providers.$providerId.catalog';

let projectId: string;
let fake: LocalHttpServer;
const as: Record<string, Record<string, string>> = {};
const KEY = 'sk-test-1234567890abcdWXYZ';

const call = (
  mod: RouteModule,
  method: string,
  who: string,
  params: Record<string, string> = {},
  body?: unknown,
) =>
  callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: as[who]!,
    body,
  });

beforeAll(async () => {
  projectId = (await createProject(db(), 'Providers API')).id;
  for (const role of ['owner', 'builder', 'operator'] as const) {
    const user = await createUser(db());
    await addMember(db(), projectId, user.id, role);
    as[role] = await bearerFor(user.id);
  }
  fake = await startLocalHttpServer();
  process.env.PROVIDER_ALLOW_HOSTS = '127.0.0.1';
});
afterAll(async () => {
  delete process.env.PROVIDER_ALLOW_HOSTS;
  await fake.close();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('provider accounts API', () => {
  let openAiId: string;

  it('refuses missing required settings with field messages', async () => {
    const res = await call(listRoute, 'POST', 'owner', {}, { name: 'Y', provider: 'yandex', apiKey: 'k' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toHaveProperty(['settings.folderId']);
    const noKey = await call(listRoute, 'POST', 'owner', {}, { name: 'Z', provider: 'openai' });
    expect(noKey.json.error.fields).toHaveProperty('apiKey');
  });

  it('creates an account with the key sealed: answered masked, never in full, audited masked', async () => {
    const res = await call(
      listRoute,
      'POST',
      'owner',
      {},
      { name: 'OpenAI main', provider: 'openai', apiKey: KEY, settings: { baseUrl: `${fake.url}/v1` } },
    );
    expect(res.status).toBe(201);
    expect(res.json.apiKey).toMatch(/WXYZ$/);
    expect(JSON.stringify(res.json)).not.toContain(KEY);
    expect(res.json.capabilities).toEqual(['llm', 'stt', 'tts']);
    openAiId = res.json.id;
    const audit = await db().auditLog.findMany({ where: { projectId }, select: { diff: true } });
    expect(JSON.stringify(audit)).not.toContain(KEY);
    const list = await call(listRoute, 'GET', 'builder');
    expect(list.json.providers).toHaveLength(1);
    expect(JSON.stringify(list.json)).not.toContain(KEY);
    expect(list.json.embedded.voices.some((v: { id: string }) => v.id === 'espeak')).toBe(true);
  });

  it('lets builders read but only owners and admins change or test; operators see nothing', async () => {
    expect((await call(listRoute, 'GET', 'operator')).status).toBe(403);
    expect(
      (await call(oneRoute, 'PATCH', 'builder', { providerId: openAiId }, { name: 'Mine' })).status,
    ).toBe(403);
    expect((await call(testRoute, 'POST', 'builder', { providerId: openAiId })).status).toBe(403);
  });

  it('tests the account: a good key is ok, a refused key is explained', async () => {
    fake.setHandler((req, res) => {
      const good = req.headers.authorization === `Bearer ${KEY}`;
      res.writeHead(good ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(good ? { data: [{ id: 'gpt-4o-mini' }, { id: 'whisper-1' }] } : { error: {} }));
    });
    const ok = await call(testRoute, 'POST', 'owner', { providerId: openAiId });
    expect(ok.json).toMatchObject({ ok: true, code: 'ok' });
    expect(fake.requests.at(-1)!.url).toBe('/v1/models');
    const catalog = await call(catalogRoute, 'GET', 'builder', { providerId: openAiId });
    expect(catalog.json).toMatchObject({
      listed: true,
      models: { llm: ['gpt-4o-mini'], stt: ['whisper-1'] },
    });

    await call(oneRoute, 'PATCH', 'owner', { providerId: openAiId }, { apiKey: 'sk-wrong-0000' });
    const bad = await call(testRoute, 'POST', 'owner', { providerId: openAiId });
    expect(bad.json).toMatchObject({ ok: false, code: 'bad_key' });
    expect(bad.json.message).toMatch(/refused the key/);
    const stored = await call(oneRoute, 'GET', 'builder', { providerId: openAiId });
    expect(stored.json.lastTest).toMatchObject({ code: 'bad_key' });
  });

  it('explains quota, a wrong folder and a wrong region', async () => {
    const yandex = await call(
      listRoute,
      'POST',
      'owner',
      {},
      {
        name: 'Yandex',
        provider: 'yandex',
        apiKey: 'AQVN-key',
        settings: { folderId: 'b1g-x', baseUrl: fake.url },
      },
    );
    fake.setHandler((_req, res) =>
      res.writeHead(403).end('{"error_code":"PERMISSION_DENIED","message":"folder"}'),
    );
    expect((await call(testRoute, 'POST', 'owner', { providerId: yandex.json.id })).json.code).toBe(
      'wrong_folder',
    );
    fake.setHandler((_req, res) => res.writeHead(429).end());
    expect((await call(testRoute, 'POST', 'owner', { providerId: yandex.json.id })).json.code).toBe('quota');
    expect(fake.requests.at(-1)!.url).toBe('/speech/v1/tts:synthesize');
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Api-Key AQVN-key');

    const azure = await call(
      listRoute,
      'POST',
      'owner',
      {},
      { name: 'Azure', provider: 'azure-speech', apiKey: 'az', settings: { region: 'no-such-region-x' } },
    );
    const wrong = await call(testRoute, 'POST', 'owner', { providerId: azure.json.id });
    // Offline machines resolve nothing: a region whose host does not resolve is a wrong region.
    expect(['wrong_region', 'unreachable']).toContain(wrong.json.code);
  });

  it('refuses a private endpoint unless the install allows its host', async () => {
    const local = await call(
      listRoute,
      'POST',
      'owner',
      {},
      {
        name: 'Ollama',
        provider: 'openai-compatible',
        settings: { baseUrl: `${fake.url}/v1`, model: 'llama3' },
      },
    );
    expect(local.status).toBe(201);
    process.env.PROVIDER_ALLOW_HOSTS = '';
    const blocked = await call(testRoute, 'POST', 'owner', { providerId: local.json.id });
    process.env.PROVIDER_ALLOW_HOSTS = '127.0.0.1';
    expect(blocked.json).toMatchObject({ ok: false, code: 'blocked_address' });
  });

  it('deletes the account and its sealed key', async () => {
    const row = await db().providerAccount.findFirstOrThrow({ where: { id: openAiId } });
    expect((await call(oneRoute, 'DELETE', 'owner', { providerId: openAiId })).status).toBe(204);
    expect(await db().credential.findUnique({ where: { id: row.credentialId! } })).toBeNull();
    expect((await call(oneRoute, 'GET', 'builder', { providerId: openAiId })).status).toBe(404);
  });
});
