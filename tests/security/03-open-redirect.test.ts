// Issue 14, item 3: `/login?redirectTo=/.//evil.example` answered `Location: //evil.example`. Every place that
// redirects to a caller-chosen path (sign-in page and action, token refresh, language switch) must stay on
// this origin, however the path is dressed up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/factories.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { signIn } from '#server/auth/sign-in.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import * as loginRoute from '../../app/routes/login.tsx';
import * as refreshRoute from '../../app/routes/auth.refresh.tsx';
import * as setLocaleRoute from '../../app/routes/set-locale.tsx';

const HOSTILE = [
  '/.//evil.example',
  '/..//evil.example',
  '/./\\evil.example',
  '/%2e%2e//evil.example',
  '/%2E//evil.example/x',
  '/.%2F/evil.example',
  '/%2F%2Fevil.example',
  '/%5C%5Cevil.example',
  '/a/../..//evil.example',
  '//evil.example',
  '/\\evil.example',
  '/\t/evil.example',
  'https://evil.example',
  'javascript:alert(1)',
  '/%0d%0aSet-Cookie:x=1',
];

/** What a browser would do with the Location header: where does it land? */
function landsOn(location: string): string {
  return new URL(location, 'http://app.test/').origin;
}

async function run(handler: unknown, request: Request): Promise<Response> {
  try {
    return (await (handler as (a: object) => Promise<Response>)({ request, params: {}, context: {} }))!;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let email: string;
let cookie: string;

beforeAll(async () => {
  email = (await createUser(db(), { password: 'redirect-password' })).email;
  const session = await signIn(new Request('http://app.test/login'), {
    email,
    password: 'redirect-password',
  });
  if (!session.ok) throw new Error('sign-in failed');
  cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('redirects after sign-in, refresh and language switch stay on this origin', () => {
  it.each(HOSTILE)('login page (signed in) with redirectTo=%j', async (target) => {
    const url = `http://app.test/login?redirectTo=${encodeURIComponent(target)}`;
    const res = await run(loginRoute.loader, new Request(url, { headers: { cookie } }));
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(landsOn(location)).toBe('http://app.test');
    expect(location).not.toMatch(/^\/[/\\]/);
  });

  it.each(HOSTILE)('sign-in action with redirectTo=%j', async (target) => {
    const url = `http://app.test/login?redirectTo=${encodeURIComponent(target)}`;
    const body = new URLSearchParams({ email, password: 'redirect-password' });
    const res = await run(loginRoute.action, new Request(url, { method: 'POST', body }));
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(landsOn(location)).toBe('http://app.test');
    expect(location).not.toMatch(/^\/[/\\]/);
  });

  it.each(HOSTILE)('language switch with redirectTo=%j', async (target) => {
    const body = new URLSearchParams({ locale: 'en', redirectTo: target });
    const res = await run(
      setLocaleRoute.action,
      new Request('http://app.test/set-locale', { method: 'POST', body }),
    );
    const location = res.headers.get('location')!;
    expect(landsOn(location)).toBe('http://app.test');
    expect(location).not.toMatch(/^\/[/\\]/);
  });

  it.each(HOSTILE)('token refresh with redirectTo=%j', async (target) => {
    const url = `http://app.test/auth/refresh?redirectTo=${encodeURIComponent(target)}`;
    const res = await run(refreshRoute.loader, new Request(url));
    const location = res.headers.get('location')!;
    // No refresh cookie: back to the login page, which carries the (cleaned) target along.
    expect(landsOn(location)).toBe('http://app.test');
    const carried = new URL(location, 'http://app.test/').searchParams.get('redirectTo') ?? '/';
    expect(carried).not.toMatch(/^\/[/\\]/);
    expect(landsOn(carried)).toBe('http://app.test');
  });

  it('keeps an ordinary same-origin path with its query and hash', async () => {
    const url = `http://app.test/login?redirectTo=${encodeURIComponent('/p/1/inbox?tag=x#top')}`;
    const res = await run(loginRoute.loader, new Request(url, { headers: { cookie } }));
    expect(res.headers.get('location')).toBe('/p/1/inbox?tag=x#top');
  });
});
