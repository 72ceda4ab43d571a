import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, pgConfigFromUrl, withDatabase } from '../../prisma/tools/pg-config';
import { TEMPLATE_DB, TEST_SERVER_URL } from '../../tests/support/test-env';
import type * as AuthModule from '~/.server/auth/auth-context.server';
import type * as DbModule from '~/.server/db';
import type { Db } from '~/.server/db';
import type * as LoginRoute from './login';
import type * as SetupRoute from './setup';

// First-run sign-up needs an installation with no user at all: these tests run on databases of their own,
// cloned empty from the migrated template, and point this file's process at one of them.
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const names = {
  web: `vp_setup_web_${suffix}`,
  race: `vp_setup_race_${suffix}`,
  cli: `vp_setup_cli_${suffix}`,
};
const urlOf = (name: string) => withDatabase(TEST_SERVER_URL, name);
const root = resolve(import.meta.dirname, '..', '..');
let raceDb: Db;

type Routes = {
  setup: typeof SetupRoute;
  login: typeof LoginRoute;
  db: typeof DbModule;
  auth: typeof AuthModule;
};
let r: Routes;

beforeAll(async () => {
  for (const name of Object.values(names))
    await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  process.env.DATABASE_URL = urlOf(names.web);
  r = {
    setup: await import('./setup'),
    login: await import('./login'),
    db: await import('~/.server/db'),
    auth: await import('~/.server/auth/auth-context.server'),
  };
  raceDb = r.db.createDb(urlOf(names.race));
});
afterAll(async () => {
  await raceDb.$disconnect();
  await r.db.disconnectDb();
  await r.auth.authContext().redis.quit();
  for (const name of Object.values(names))
    await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

async function run(handler: unknown, request: Request): Promise<Response> {
  try {
    const result = await (handler as (a: object) => Promise<unknown>)({ request, params: {}, context: {} });
    if (result instanceof Response) return result;
    // A page failure is Remix's `data(body, {status})`.
    const shaped = result as { type?: string; data?: unknown; init?: { status?: number } } | null;
    if (shaped?.type === 'DataWithResponseInit')
      return Response.json(shaped.data, { status: shaped.init?.status ?? 200 });
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const page = (path: string, form?: Record<string, string>) =>
  new Request(`http://localhost${path}`, {
    method: form ? 'POST' : 'GET',
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } : {},
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });

const owner = {
  name: 'Anna',
  email: 'Anna@Clinic.example',
  password: 'correct horse battery',
  project: 'Clinic',
};

describe('first-run sign-up', () => {
  it('is offered on an empty database: sign-in sends there', async () => {
    const login = await run(r.login.loader, page('/login'));
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/setup');
    expect((await run(r.setup.loader, page('/setup'))).status).toBe(200);
  });

  it('refuses bad fields and creates nothing', async () => {
    const bad = await run(r.setup.action, page('/setup', { ...owner, email: 'nope', password: 'short' }));
    expect(bad.status).toBe(400);
    const failure = (await bad.json()) as { fields: Record<string, string> };
    expect(failure.fields).toMatchObject({ email: 'invalidEmail', password: 'tooShort' });
    expect(await r.db.db().user.count()).toBe(0);
  });

  it('creates the owner and the project, signs in, and is refused once a user exists', async () => {
    const created = await run(r.setup.action, page('/setup', owner));
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toMatch(/^\/p\/[0-9a-f-]{36}$/);
    expect(created.headers.get('set-cookie')).toBeTruthy();
    const user = await r.db.db().user.findUniqueOrThrow({
      where: { email: 'anna@clinic.example' },
      include: { memberships: { include: { project: true } } },
    });
    expect(user.memberships.map((m) => [m.role, m.project.name])).toEqual([['owner', 'Clinic']]);

    // From now on the page is gone and a forged post changes nothing.
    const again = await run(r.setup.loader, page('/setup'));
    expect(again.headers.get('location')).toBe('/login');
    const forged = await run(r.setup.action, page('/setup', { ...owner, email: 'mallory@example.com' }));
    expect(forged.headers.get('location')).toBe('/login');
    expect(await r.db.db().user.count()).toBe(1);
    expect((await run(r.login.loader, page('/login'))).status).toBe(200);
  });

  it('lets exactly one of two simultaneous sign-ups win', async () => {
    const { createFirstOwner } = await import('~/.server/auth/first-owner.server');
    const results = await Promise.allSettled([
      createFirstOwner(raceDb, { ...owner, email: 'one@example.com' }, { via: 'web' }),
      createFirstOwner(raceDb, { ...owner, email: 'two@example.com' }, { via: 'web' }),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((x) => x.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'setup_done' });
    expect(await raceDb.user.count()).toBe(1);
  });
});

function userCreate(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/user-create.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: urlOf(names.cli) },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => done({ code, out }));
  });
}

describe('npm run user:create', () => {
  it('creates the first owner from a shell, then more owners, and refuses a taken email', async () => {
    const first = await userCreate(['--email', 'owner@example.com', '--project', 'Shop']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('First owner owner@example.com created in project "Shop"');
    const password = /Password \(shown once\): (\S+)/.exec(first.out)?.[1];
    expect(password).toBeTruthy();

    const second = await userCreate([
      '--email',
      'second@example.com',
      '--project',
      'Shop',
      '--password',
      'another long one',
    ]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('Owner second@example.com created');
    expect(second.out).not.toContain('Password');

    const taken = await userCreate(['--email', 'owner@example.com', '--project', 'Shop']);
    expect(taken.code).toBe(1);
    expect(taken.out).toContain('exists');

    expect((await userCreate(['--email', 'x@example.com'])).code).toBe(2);

    const db = r.db.createDb(urlOf(names.cli));
    try {
      const projects = await db.project.findMany({ include: { memberships: true } });
      expect(projects).toHaveLength(1);
      expect(projects[0]?.memberships.map((m) => m.role)).toEqual(['owner', 'owner']);
      const { verifyPassword } = await import('~/.server/auth/password.server');
      const stored = await db.user.findUniqueOrThrow({ where: { email: 'owner@example.com' } });
      expect(await verifyPassword(stored.passwordHash, password!)).toBe(true);
    } finally {
      await db.$disconnect();
    }
  }, 120_000);
});
