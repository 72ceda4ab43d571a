// Issue 14, item 6: `POST /api/v1/invitations/accept` hashed the new password (argon2id, 64 MiB) before it
// looked at the token, and nothing limited it: 120 requests with made-up tokens slowed every sign-in from
// 0.1 s to 1.4 s. Cheap checks now come first, every endpoint that hashes is rate limited per address, and
// argon2 runs in a bounded pool where sign-ins go first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createUser } from '../support/factories.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { CLIENT_IP_HEADER } from '#server/auth/client-info.server.ts';
import { hashPassword, passwordWorkStats, verifyPassword } from '#server/auth/password.server.ts';
import { createWorkPool, PoolBusyError } from '#server/auth/work-pool.ts';
import { db, disconnectDb } from '#server/db.ts';
import { ACCOUNT_RATE_LIMITS, consumeAccountRate } from '#server/http/rate-limits.ts';
import * as acceptRoute from '../../app/routes/api.v1.invitations.accept.ts';
import * as invitePage from '../../app/routes/invite.$token.tsx';
import * as loginRoute from '../../app/routes/api.v1.auth.login.ts';

let n = 0;
const address = () => `198.18.${Math.floor(++n / 250)}.${n % 250}`;

async function accept(ip: string, body: object): Promise<Response> {
  const request = new Request('http://localhost/api/v1/invitations/accept', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLIENT_IP_HEADER]: ip },
    body: JSON.stringify(body),
  });
  return (await acceptRoute.action({ request, params: {}, context: {} })) as Response;
}

const register = (email = `new-${crypto.randomUUID().slice(0, 8)}@test.local`) => ({
  name: 'New person',
  email,
  password: 'a-long-enough-password',
});
const madeUpToken = () => crypto.randomUUID().replace(/-/g, '') + 'xyz';

let projectId: string;

beforeAll(async () => {
  projectId = (await createProject(db())).id;
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

async function invitation(overrides: { expiresAt?: Date; acceptedAt?: Date; revokedAt?: Date }) {
  const token = madeUpToken();
  const { createHash } = await import('node:crypto');
  await db().invitation.create({
    data: {
      projectId,
      role: 'analyst',
      tokenHash: createHash('sha256').update(token).digest('hex'),
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 86_400_000),
      acceptedAt: overrides.acceptedAt,
      revokedAt: overrides.revokedAt,
    },
  });
  return token;
}

describe('accepting an invitation checks the token before any password work', () => {
  it('unknown, expired, used and revoked tokens answer 410 without hashing', async () => {
    const tokens = [
      madeUpToken(),
      await invitation({ expiresAt: new Date(Date.now() - 1000) }),
      await invitation({ acceptedAt: new Date() }),
      await invitation({ revokedAt: new Date() }),
    ];
    const before = passwordWorkStats().started.other;
    for (const token of tokens) {
      for (let i = 0; i < 5; i++) {
        const res = await accept(address(), { token, register: register() });
        expect(res.status).toBe(410);
      }
    }
    expect(passwordWorkStats().started.other).toBe(before);
  });

  it('the invite page refuses a dead link before hashing too', async () => {
    const before = passwordWorkStats().started.other;
    const token = await invitation({ expiresAt: new Date(Date.now() - 1000) });
    const request = new Request(`http://localhost/invite/${token}`, {
      method: 'POST',
      headers: { [CLIENT_IP_HEADER]: address() },
      body: new URLSearchParams({ intent: 'register', ...register() }),
    });
    const res = (await invitePage.action({ request, params: { token }, context: {} })) as {
      init?: { status?: number };
    };
    expect(res.init?.status).toBe(410);
    expect(passwordWorkStats().started.other).toBe(before);
  });

  it('a valid invitation still creates the account and joins', async () => {
    const token = await invitation({});
    const res = await accept(address(), { token, register: register() });
    expect(res.status).toBe(201);
  });
});

describe('endpoints that hash are rate limited per address', () => {
  it('accept: a flood from one address gets 429 with Retry-After; another address is unaffected', async () => {
    const flood = address();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 40; i++) {
      const res = await accept(flood, { token: madeUpToken(), register: register() });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.filter((s) => s === 410).length).toBeGreaterThan(0);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await accept(address(), { token: madeUpToken(), register: register() })).status).toBe(410);
  });

  it('sign-in: more attempts than a person makes from one address get 429, even with the right password', async () => {
    const email = (await createUser(db(), { password: 'right-password' })).email;
    const ip = address();
    const login = async () => {
      const request = new Request('http://localhost/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CLIENT_IP_HEADER]: ip },
        body: JSON.stringify({ email, password: 'right-password' }),
      });
      return (await loginRoute.action({ request, params: {}, context: {} })) as Response;
    };
    expect((await login()).status).toBe(200);
    // The rest of this minute's attempts from the address, counted as sign-in counts them (no argon2 needed).
    for (let i = 1; i < ACCOUNT_RATE_LIMITS['sign-in'].limit; i++) await consumeAccountRate('sign-in', ip);
    const refused = await login();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    const elsewhere = new Request('http://localhost/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLIENT_IP_HEADER]: address() },
      body: JSON.stringify({ email, password: 'right-password' }),
    });
    expect(
      ((await loginRoute.action({ request: elsewhere, params: {}, context: {} })) as Response).status,
    ).toBe(200);
  });
});

describe('argon2 runs in a bounded pool', () => {
  it('a sign-in waiting behind a burst of account creations goes next', { timeout: 90_000 }, async () => {
    const user = await createUser(db(), { password: 'pool-password' });
    const done: string[] = [];
    const hashes = Array.from({ length: 10 }, (_, i) =>
      hashPassword(`burst-${i}`).then(() => done.push(`hash-${i}`)),
    );
    const signIn = verifyPassword(user.passwordHash, 'pool-password').then((ok) => {
      done.push('sign-in');
      return ok;
    });
    expect(await signIn).toBe(true);
    await Promise.all(hashes);
    // It starts as soon as one of the two running hashes ends: those two, and at most the one that took the
    // other slot beside it, can finish first (a first-come queue would put it last, after all ten).
    expect(done.indexOf('sign-in')).toBeLessThanOrEqual(3);
  });

  it('runs at most `concurrency` jobs and refuses work beyond the queue bound', async () => {
    const pool = createWorkPool({ concurrency: 2, lanes: ['a', 'b'] as const, maxQueued: { a: 3, b: 1 } });
    const gates: (() => void)[] = [];
    const job = () => new Promise<void>((ok) => gates.push(ok));
    const runs = Array.from({ length: 5 }, () => pool.run('a', job));
    expect(pool.stats()).toMatchObject({ active: 2, queued: { a: 3, b: 0 } });
    await expect(pool.run('a', job)).rejects.toBeInstanceOf(PoolBusyError);
    while (gates.length) {
      gates.shift()!();
      await new Promise((ok) => setTimeout(ok, 0));
    }
    await Promise.all(runs);
    expect(pool.stats()).toMatchObject({ active: 0, started: { a: 5 }, refused: { a: 1 } });
  });

  it('verifies right and wrong passwords through the pool', async () => {
    const user = await createUser(db(), { password: 'another-password' });
    expect(await verifyPassword(user.passwordHash, 'another-password')).toBe(true);
    expect(await verifyPassword(user.passwordHash, 'wrong')).toBe(false);
  });
});
