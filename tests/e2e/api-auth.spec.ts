import { expect, test } from '@playwright/test';

// Real HTTP against the production build. Demo users come from the seed.
const owner = { email: 'owner@demo.local', password: 'demo-password' };

test.describe('auth API', () => {
  test('login, /me with the bearer token, refresh rotation, and reuse revoking the family', async ({
    request,
  }) => {
    const login = await request.post('/api/v1/auth/login', { data: owner });
    expect(login.status()).toBe(200);
    const pair = await login.json();
    expect(pair).toMatchObject({ expiresIn: 900 });

    const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${pair.accessToken}` } });
    expect(await me.json()).toMatchObject({ email: owner.email });

    const refreshed = await request.post('/api/v1/auth/refresh', {
      data: { refreshToken: pair.refreshToken },
    });
    expect(refreshed.status()).toBe(200);
    const next = await refreshed.json();
    expect(next.refreshToken).not.toBe(pair.refreshToken);

    const replay = await request.post('/api/v1/auth/refresh', { data: { refreshToken: pair.refreshToken } });
    expect(replay.status()).toBe(401);
    expect((await replay.json()).error.code).toBe('refresh_reused');
    // The legitimate holder's newer token died with the family.
    const after = await request.post('/api/v1/auth/refresh', { data: { refreshToken: next.refreshToken } });
    expect(after.status()).toBe(401);
  });

  test('answers errors in one JSON shape with the right status', async ({ request }) => {
    const bad = await request.post('/api/v1/auth/login', { data: { email: 'not-an-email' } });
    expect(bad.status()).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields)).toEqual(expect.arrayContaining(['email', 'password']));

    const malformed = await request.post('/api/v1/auth/login', {
      data: Buffer.from('{oops'),
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.code).toBe('malformed_json');

    expect((await request.get('/api/v1/me')).status()).toBe(401);
    const forged = await request.get('/api/v1/me', {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
    });
    expect(forged.status()).toBe(401);

    const unknown = await request.get('/api/v1/no-such-thing');
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
  });

  test('throttles repeated failures with 429 and Retry-After', async ({ request }) => {
    const email = `throttle-${Date.now()}@demo.local`;
    let last = 0;
    for (let i = 0; i < 6; i++) {
      last = (await request.post('/api/v1/auth/login', { data: { email, password: 'wrong' } })).status();
    }
    expect(last).toBe(429);
    const blocked = await request.post('/api/v1/auth/login', { data: { email, password: 'wrong' } });
    expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(0);
  });

  test('serves its OpenAPI description and health endpoints', async ({ request }) => {
    const doc = await (await request.get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/login', '/auth/refresh', '/me']));
    expect(await (await request.get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await (await request.get('/readyz')).json();
    expect(ready).toMatchObject({ status: 'ready', checks: { database: { ok: true }, redis: { ok: true } } });
  });
});
