// Issue 14, item 7: five wrong passwords from anywhere locked the account for 15 minutes, so anyone who knew
// an email could keep its owner out. Failures now slow down the (account, address) pair and the address
// progressively, never the owner elsewhere; a much higher ceiling per account, for attacks spread over many
// addresses, only slows addresses the account has not signed in from.
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/factories.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { CLIENT_IP_HEADER } from '#server/auth/client-info.server.ts';
import { signIn } from '#server/auth/sign-in.server.ts';
import { checkSignInThrottle, recordSignInFailure, SIGN_IN_POLICY } from '#server/auth/throttle.server.ts';
import { db, disconnectDb } from '#server/db.ts';

const PASSWORD = 'the-owners-password';
const from = (ip: string) => new Request('http://localhost/login', { headers: { [CLIENT_IP_HEADER]: ip } });

afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('wrong passwords slow the guesser down, never lock the owner out', () => {
  // Each sign-in runs argon2 (64 MiB): generous time on a loaded machine.
  const SLOW = { timeout: 90_000 };

  it('after many failures from one address, the owner signs in from theirs at once', SLOW, async () => {
    const { email } = await createUser(db(), { password: PASSWORD });
    for (let i = 0; i < SIGN_IN_POLICY.freeFailures + 1; i++)
      await signIn(from('203.0.113.10'), { email, password: `guess-${i}` });
    const owner = await signIn(from('198.51.100.20'), { email, password: PASSWORD });
    expect(owner.ok).toBe(true);
  });

  it(
    'the guessing address waits minutes, not a fixed 15-minute lock, and is told how long',
    SLOW,
    async () => {
      const { email } = await createUser(db(), { password: PASSWORD });
      const results = [];
      for (let i = 0; i < SIGN_IN_POLICY.freeFailures + 1; i++)
        results.push(await signIn(from('203.0.113.11'), { email, password: `guess-${i}` }));
      const last = results.at(-1)!;
      expect(last).toMatchObject({ ok: false, code: 'throttled' });
      if (last.ok) return;
      // Long enough for the sign-in screen to say "minutes", far short of a lockout.
      expect(last.retryAfterSeconds).toBeGreaterThanOrEqual(90);
      expect(last.retryAfterSeconds).toBeLessThanOrEqual(180);
      // Even the right password waits at that address: the guesser cannot tell.
      expect(await signIn(from('203.0.113.11'), { email, password: PASSWORD })).toMatchObject({
        ok: false,
        code: 'throttled',
      });
    },
  );

  it('each further failure doubles the wait, up to a cap, and a quiet window forgets them', async () => {
    const { redis } = authContext();
    const email = `progressive-${crypto.randomUUID().slice(0, 8)}@test.local`;
    const ip = '203.0.113.12';
    let now = Date.now();
    const waits: number[] = [];
    for (let i = 0; i < SIGN_IN_POLICY.freeFailures + 5; i++) {
      const state = await checkSignInThrottle(redis, email, ip, now);
      if (state.blocked) {
        waits.push(state.retryAfterSeconds);
        now += state.retryAfterSeconds * 1000; // the guesser waits it out, then tries again
      }
      await recordSignInFailure(redis, email, ip, now);
    }
    expect(waits.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(waits[1]).toBeGreaterThanOrEqual(waits[0]! * 1.9);
    expect(Math.max(...waits)).toBeLessThanOrEqual(SIGN_IN_POLICY.maxDelaySeconds);

    // An hour without failures: the next one is a first one again.
    now += (SIGN_IN_POLICY.windowSeconds + 1) * 1000;
    await recordSignInFailure(redis, email, ip, now);
    expect(await checkSignInThrottle(redis, email, ip, now)).toEqual({ blocked: false });
  });

  it(
    'a spread-out attack hits the account ceiling: unknown addresses wait, the owner’s known one does not',
    SLOW,
    async () => {
      const { redis } = authContext();
      const { email } = await createUser(db(), { password: PASSWORD });
      // The owner has signed in from this address before.
      expect((await signIn(from('198.51.100.30'), { email, password: PASSWORD })).ok).toBe(true);
      // Failures from many addresses, each under its own pair limit, add up past the account's ceiling.
      for (let i = 0; i < SIGN_IN_POLICY.accountCeiling; i++)
        await recordSignInFailure(redis, email, `172.20.${i >> 8}.${i & 255}`);
      const stranger = await signIn(from('192.0.2.77'), { email, password: PASSWORD });
      expect(stranger).toMatchObject({ ok: false, code: 'throttled' });
      const owner = await signIn(from('198.51.100.30'), { email, password: PASSWORD });
      expect(owner.ok).toBe(true);
    },
  );

  it('an address guessing many accounts is slowed down on all of them', SLOW, async () => {
    const ip = '203.0.113.13';
    for (let i = 0; i < SIGN_IN_POLICY.freeFailuresPerAddress; i++)
      await recordSignInFailure(authContext().redis, `spray-${i}-${crypto.randomUUID()}@test.local`, ip);
    const { email } = await createUser(db(), { password: PASSWORD });
    expect(await signIn(from(ip), { email, password: 'first-try' })).toMatchObject({
      ok: false,
      code: 'throttled',
    });
  });
});
