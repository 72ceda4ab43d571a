import { appendAudit } from '../audit/audit-log.server.ts';
import { authContext } from './auth-context.server.ts';
import { clientInfo } from './client-info.server.ts';
import { tokenCookies } from './cookies.server.ts';
import { signAccessToken } from './jwt.server.ts';
import { consumeAccountRate } from '../http/rate-limits.ts';
import { dummyPasswordHash, PasswordWorkBusyError, verifyPassword } from './password.server.ts';
import { issueRefreshToken, type ClientInfo } from './refresh-tokens.server.ts';
import { checkSignInThrottle, recordSignInFailure, recordSignInSuccess } from './throttle.server.ts';

export type SignInResult =
  | {
      ok: true;
      headers: Headers;
      redirectTo: string;
      accessToken: string;
      refreshToken: string;
      userId: string;
    }
  | { ok: false; code: 'invalid_credentials' | 'throttled'; retryAfterSeconds?: number };

/** How long to come back after when every argon2 slot is taken (a flood elsewhere): a few seconds. */
const BUSY_RETRY_SECONDS = 5;

/**
 * Checks the password (argon2id) and on success starts a new refresh-token family. Unknown emails cost the
 * same time as wrong passwords. Before any password work: a per-address attempt limit, and the failure
 * throttle (throttle.server.ts), which slows guessers down without locking the account's owner out.
 */
export async function signIn(
  request: Request,
  input: { email: string; password: string },
): Promise<SignInResult> {
  const { db, redis } = authContext();
  const email = input.email.trim().toLowerCase();
  const client = clientInfo(request);

  const audit = (action: string, actorUserId: string | null, diff?: Record<string, unknown>) =>
    appendAudit(db, {
      action,
      actorUserId,
      targetType: 'user',
      targetId: email,
      ip: client.ip,
      userAgent: client.userAgent,
      ...(diff ? { diff: { after: diff } } : {}),
    });
  const throttled = async (scope: string, retryAfterSeconds: number): Promise<SignInResult> => {
    await audit('auth.login_throttled', null, { scope, retryAfterSeconds });
    return { ok: false, code: 'throttled', retryAfterSeconds };
  };

  const attempts = await consumeAccountRate('sign-in', client.ip);
  if (!attempts.ok) return throttled('attempts', attempts.retryAfterSeconds);
  const throttle = await checkSignInThrottle(redis, email, client.ip);
  if (throttle.blocked) return throttled(throttle.scope, throttle.retryAfterSeconds);

  const user = await db.user.findUnique({ where: { email } });
  let passwordOk: boolean;
  try {
    passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  } catch (e) {
    if (e instanceof PasswordWorkBusyError) return throttled('busy', BUSY_RETRY_SECONDS);
    throw e;
  }
  if (!user || !passwordOk || user.disabledAt) {
    await recordSignInFailure(redis, email, client.ip);
    await audit('auth.login_failed', user?.id ?? null, {
      reason: !user ? 'unknown_email' : user.disabledAt ? 'disabled' : 'wrong_password',
    });
    return { ok: false, code: 'invalid_credentials' };
  }
  await recordSignInSuccess(redis, email, client.ip);

  const session = await startSession(user.id, client);
  await audit('auth.login', user.id);
  return { ok: true, redirectTo: '/app', userId: user.id, ...session };
}

/** A new sign-in for a user whose identity is already proven: a fresh refresh family and the cookies. */
export async function startSession(
  userId: string,
  client: ClientInfo,
): Promise<{ headers: Headers; accessToken: string; refreshToken: string }> {
  const { db, keys, secureCookies } = authContext();
  const familyId = crypto.randomUUID();
  const refreshToken = await issueRefreshToken(db, userId, familyId, client);
  const accessToken = await signAccessToken(keys, { userId, sessionId: familyId });
  const headers = new Headers();
  for (const c of tokenCookies(accessToken, refreshToken, secureCookies)) headers.append('Set-Cookie', c);
  return { headers, accessToken, refreshToken };
}
