// Issue 14, item 15: the SIP password mask showed its last 4 characters to builders and supervisors. A stored
// password (or any secret that is not a long API key) shows only that one is set, on every screen and API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../support/factories';
import { bearerFor, callRoute, type RouteModule } from '../support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import { createCredentialsService } from '~/.server/secrets/credentials.server';
import { keyringFromEnv } from '~/.server/secrets/master-keys';
import { closeTelephonyRedis } from '~/.server/telephony/telephony-bus.server';
import * as connectionsRoute from '~/routes/api.v1.projects.$projectId.sip-connections';
import * as connectionRoute from '~/routes/api.v1.projects.$projectId.sip-connections.$connectionId';
import * as numbersPage from '~/routes/p.$projectId.numbers';

const PASSWORD = 'Carrier-pass-QZ7W';
const TAIL = 'QZ7W';
let projectId: string;
const as: Record<string, Record<string, string>> = {};

async function call(mod: RouteModule, method: string, who: string, params = {}, body?: unknown) {
  const res = await callRoute(mod, {
    method,
    path: `/api/v1/projects/${projectId}/sip-connections`,
    params: { projectId, ...params },
    headers: as[who]!,
    body,
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'Masks')).id;
  for (const role of ['owner', 'builder', 'supervisor'] as const) {
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

describe('secret masks', () => {
  it('a SIP password shows as set, never with any of its characters, to every role', async () => {
    const created = await call(
      connectionsRoute,
      'POST',
      'owner',
      {},
      { name: 'Trunk', provider: 'generic', host: 'sip.example.com', username: '1001', password: PASSWORD },
    );
    expect(created.status).toBe(201);
    const connectionId = (JSON.parse(created.text) as { id: string }).id;
    const answers = [
      created.text,
      (await call(connectionsRoute, 'GET', 'builder')).text,
      (await call(connectionRoute, 'GET', 'supervisor', { connectionId })).text,
      (await call(numbersPage, 'GET', 'builder')).text,
      (await call(numbersPage, 'GET', 'supervisor')).text,
    ];
    for (const text of answers) expect(text).not.toContain(TAIL);
    const one = JSON.parse(answers[2]!) as { password: string | null };
    expect(one.password).toBe('••••••••');
    // Not even the database keeps a piece of it outside the sealed blob.
    const stored = await db().credential.findMany({ where: { projectId } });
    expect(stored.map((c) => c.last4)).toEqual(['']);
  });

  it('the credentials service masks passwords, tokens and headers fully; a long API key keeps its tail', async () => {
    const svc = createCredentialsService(db(), keyringFromEnv());
    const by = { actorUserId: null, actorType: 'system' as const };
    for (const kind of ['sip_password', 'oauth_token', 'http_header', 'other'] as const) {
      const view = await svc.create(
        projectId,
        { name: `c-${kind}`, kind, secret: `secret-${kind}-ABCD` },
        by,
      );
      expect(view.masked).toBe('••••••••');
    }
    const key = await svc.create(
      projectId,
      { name: 'provider', kind: 'api_key', secret: 'sk-live-0123456789abcdefghij-5678' },
      by,
    );
    expect(key.masked).toBe('••••5678');
  });
});
