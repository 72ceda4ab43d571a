// Outages answer honestly: while PostgreSQL or Redis is unreachable, the API answers 503 with Retry-After
// and `dependency_unavailable`, pages answer 503 (the "temporarily unavailable" page), /readyz names the
// dependency without the driver's text, and everything recovers when the service is back. The services are
// shared with other test runs, so the outage is a proxy in front of them that the test cuts and restores.
import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpProxy } from './support/tcp-proxy.ts';

const pg = new TcpProxy('127.0.0.1', Number(new URL(process.env.DATABASE_URL!).port || 5432));
const redis = new TcpProxy('127.0.0.1', Number(new URL(process.env.REDIS_URL!).port || 6379));

// Loaded after the environment points at the proxies (the clients read it on first use).
type Modules = Awaited<ReturnType<typeof load>>;
const load = async () => ({
  factories: await import('./support/factories.ts'),
  routeCall: await import('./support/route-call.ts'),
  dbModule: await import('#server/db.ts'),
  auth: await import('#server/auth/auth-context.server.ts'),
  health: await import('#server/http/health.ts'),
  projectRoute: await import('../app/routes/api.v1.projects.$projectId.ts'),
  sourcesRoute:
    await import('../app/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources.ts'),
  loginApi: await import('../app/routes/api.v1.auth.login.ts'),
  loginPage: await import('../app/routes/login.tsx'),
});
let m: Modules;
let projectId: string;
let kbId: string;
let owner: Record<string, string>;
let email: string;
let readyServer: Server;
let readyUrl: string;

/** Internal text that must never reach a client: driver messages, hosts and ports. */
const leaks = () => [
  /127\.0\.0\.1/,
  new RegExp(String(pg.port)),
  new RegExp(String(redis.port)),
  /Can't reach/i,
  /ECONN/,
  /prisma/i,
  /max retries/i,
];

const getProject = () =>
  m.routeCall.callRoute(m.projectRoute, {
    method: 'GET',
    path: `/api/v1/projects/${projectId}`,
    params: { projectId },
    headers: owner,
  });
const signInApi = () =>
  m.routeCall.callRoute(m.loginApi, {
    method: 'POST',
    path: '/api/v1/auth/login',
    params: {},
    body: { email, password: 'test-password' },
  });
const addQa = () =>
  m.routeCall.callRoute(m.sourcesRoute, {
    method: 'POST',
    path: `/api/v1/projects/${projectId}/knowledge-bases/${kbId}/sources`,
    params: { projectId, knowledgeBaseId: kbId },
    headers: owner,
    body: { kind: 'qa', question: 'When are you open?', answer: 'Nine to five.' },
  });
const signInPage = async () => {
  const body = new URLSearchParams({ email, password: 'test-password' });
  const request = new Request('http://localhost/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-client-ip': '2001:db8::27' },
    body,
  });
  try {
    const result = await m.loginPage.action({ request, params: {}, context: {} });
    return result instanceof Response ? result : new Response(null, { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
};

/** Retries until the answer is not a 503 (clients reconnect on their own schedule after a restore). */
async function recovered(request: () => Promise<Response>): Promise<Response> {
  const end = Date.now() + 30_000;
  for (;;) {
    const res = await request();
    if (res.status !== 503 || Date.now() > end) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function expectOutageAnswer(res: Response, dependency: RegExp) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  const text = await res.text();
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('dependency_unavailable');
  expect(body.error.message).toMatch(dependency);
  for (const leak of leaks()) expect(text).not.toMatch(leak);
}

async function readyz() {
  const res = await fetch(readyUrl);
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  await pg.start();
  await redis.start();
  process.env.DATABASE_URL = pg.urlFor(process.env.DATABASE_URL!);
  process.env.REDIS_URL = redis.urlFor(process.env.REDIS_URL!);
  m = await load();
  const db = m.dbModule.db();
  const user = await m.factories.createUser(db);
  email = user.email;
  projectId = (await m.factories.createProject(db, 'Outage test')).id;
  await m.factories.addMember(db, projectId, user.id, 'owner');
  kbId = (await m.factories.createKnowledgeBase(db, projectId)).id;
  owner = await m.routeCall.bearerFor(user.id);

  // The web process's readiness checks, on the same clients.
  const app = express();
  const authRedis = m.auth.authContext().redis;
  m.health.mountHealth(app, {
    database: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    redis: async () => {
      await authRedis.ping();
    },
  });
  readyServer = createServer(app);
  await new Promise<void>((r) => readyServer.listen(0, '127.0.0.1', r));
  readyUrl = `http://127.0.0.1:${(readyServer.address() as { port: number }).port}/readyz`;
});

afterAll(async () => {
  if (!pg.up) await pg.restore();
  if (!redis.up) await redis.restore();
  await new Promise((r) => readyServer?.close(r));
  await m?.auth.authContext().redis.quit();
  const { closeQueues } = await import('#server/queues.ts');
  await closeQueues();
  await m?.dbModule.disconnectDb();
  await pg.stop();
  await redis.stop();
});

describe('a PostgreSQL outage', () => {
  it('answers API requests 503 with Retry-After, pages 503, /readyz names the database; then recovers', async () => {
    expect((await getProject()).status).toBe(200);
    expect((await readyz()).status).toBe(200);

    await pg.cut();
    await expectOutageAnswer(await getProject(), /database/i);
    // Sign-in needs the database after Redis (the throttle): a page answers with the outage page's status.
    const page = await signInPage();
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toBe('dependency_unavailable');

    const ready = await readyz();
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.text) as {
      failing: string[];
      checks: Record<string, { ok: boolean; error?: string }>;
    };
    expect(body.failing).toEqual(['database']);
    expect(body.checks.redis!.ok).toBe(true);
    expect(body.checks.database!.error).toBe('unavailable');
    for (const leak of leaks()) expect(ready.text).not.toMatch(leak);

    await pg.restore();
    expect((await recovered(getProject)).status).toBe(200);
    expect((await readyz()).status).toBe(200);
  });
});

describe('a Redis outage', () => {
  it('answers API requests 503 with Retry-After and /readyz names Redis; then recovers', async () => {
    expect((await signInApi()).status).toBe(200);

    await redis.cut();
    await expectOutageAnswer(await signInApi(), /redis/i);
    await expectOutageAnswer(await addQa(), /redis/i);
    // Reads that need only the database still work.
    expect((await getProject()).status).toBe(200);

    const ready = await readyz();
    expect(ready.status).toBe(503);
    expect((JSON.parse(ready.text) as { failing: string[] }).failing).toEqual(['redis']);
    for (const leak of leaks()) expect(ready.text).not.toMatch(leak);

    await redis.restore();
    expect((await recovered(signInApi)).status).toBe(200);
    expect((await recovered(addQa)).status).toBe(201);
    expect((await readyz()).status).toBe(200);
  });
});
