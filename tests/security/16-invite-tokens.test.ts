// Issue 14, item 16: invite tokens were written to the request log, and invite links took their origin from
// the request's Host header (a forged Host made the app hand out links to another site). Logged URLs now
// hide tokens wherever they sit (path, query, a redirectTo that carries an invite path), and every absolute
// link is built from PUBLIC_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../support/factories.ts';
import { bearerFor } from '../support/route-call.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import * as membersApi from '../../app/routes/api.v1.projects.$projectId.members.ts';
import * as membersPage from '../../app/routes/p.$projectId.members.tsx';
import { startWebApp, type RunningWebApp } from './05-http-harness.tsx';

const PUBLIC_URL = 'https://voice.example.test';
const TOKEN = 'Zx9_secretInviteToken-0123456789abcdef';

let app: RunningWebApp;
let projectId: string;
let owner: Record<string, string>;
const previousPublicUrl = process.env.PUBLIC_URL;

beforeAll(async () => {
  process.env.PUBLIC_URL = PUBLIC_URL;
  app = await startWebApp({ publicUrl: PUBLIC_URL });
  projectId = (await createProject(db())).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'owner');
  owner = await bearerFor(user.id);
});
afterAll(async () => {
  process.env.PUBLIC_URL = previousPublicUrl;
  await app.close();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('the request log never holds an invite token', () => {
  it.each([
    `/invite/${TOKEN}`,
    `/invite/${TOKEN}.data?_routes=routes%2Finvite`,
    `/invite/${TOKEN}/`,
    `/login?redirectTo=${encodeURIComponent(`/invite/${TOKEN}`)}`,
    `/auth/refresh?redirectTo=${encodeURIComponent(`/invite/${TOKEN}?x=1`)}`,
    `/whoami?token=${TOKEN}`,
    `/whoami?refreshToken=${TOKEN}&page=2`,
    `/whoami?a=1&ticket=${TOKEN}`,
  ])('%s', async (path) => {
    const before = app.logs.length;
    const res = await fetch(`${app.url}${path}`);
    await res.arrayBuffer();
    // The access log line is written when the response finishes.
    await new Promise((ok) => setTimeout(ok, 50));
    const lines = app.logs.slice(before).filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(app.logs.slice(before))).not.toContain(TOKEN);
    expect(String(lines[0]!.url)).toContain('[redacted]');
  });

  it('keeps the rest of the URL readable', async () => {
    const before = app.logs.length;
    await (await fetch(`${app.url}/whoami?page=2&token=${TOKEN}`)).arrayBuffer();
    await new Promise((ok) => setTimeout(ok, 50));
    const line = app.logs.slice(before).find((l) => l.msg === 'request')!;
    expect(line.url).toBe('/whoami?page=2&token=[redacted]');
  });
});

describe('invite links are built from PUBLIC_URL, whatever Host the request names', () => {
  it('API: POST /members answers a link on PUBLIC_URL', async () => {
    const request = new Request(`http://evil.example.test/api/v1/projects/${projectId}/members`, {
      method: 'POST',
      headers: { ...owner, 'content-type': 'application/json', host: 'evil.example.test' },
      body: JSON.stringify({ role: 'analyst' }),
    });
    const res = (await membersApi.action({ request, params: { projectId }, context: {} })) as Response;
    expect(res.status).toBe(201);
    const { url, token } = (await res.json()) as { url: string; token: string };
    expect(url).toBe(`${PUBLIC_URL}/invite/${token}`);
  });

  it('Members screen: the invite dialog shows a link on PUBLIC_URL', async () => {
    const request = new Request(`http://evil.example.test/p/${projectId}/members`, {
      method: 'POST',
      headers: { ...owner, host: 'evil.example.test' },
      body: new URLSearchParams({ intent: 'invite', role: 'analyst' }),
    });
    const result = (await membersPage.action({ request, params: { projectId }, context: {} })) as {
      url: string;
    };
    expect(result.url).toMatch(new RegExp(`^${PUBLIC_URL}/invite/[A-Za-z0-9_-]{20,}$`));
  });
});
