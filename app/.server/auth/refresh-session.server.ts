import { appendAudit } from '../audit/audit-log.server.ts';
import { authContext } from './auth-context.server.ts';
import { clientInfo } from './client-info.server.ts';
import { clearedCookies, readCookie, REFRESH_COOKIE, tokenCookies } from './cookies.server.ts';
import { signAccessToken } from './jwt.server.ts';
import { claimsWellFormed, readAccessClaims } from './session.server.ts';
import {
  familyOfRefreshToken,
  revokeAllForUser,
  revokeFamily,
  rotateRefreshToken,
  type RotateResult,
} from './refresh-tokens.server.ts';

export interface RefreshOutcome {
  result: RotateResult;
  accessToken?: string;
  setCookies: string[];
}

/** Rotates a refresh token (from the body or the cookie) into a new access + refresh pair. */
export async function refreshSession(request: Request, presented?: string): Promise<RefreshOutcome> {
  const { db, keys, secureCookies } = authContext();
  const token = presented ?? readCookie(request, REFRESH_COOKIE);
  if (!token) return { result: { ok: false, reason: 'unknown' }, setCookies: clearedCookies(secureCookies) };
  const client = clientInfo(request);
  const result = await rotateRefreshToken(db, token, client);
  if (!result.ok) {
    // A reused token means a stolen or replayed one: its whole sign-in was just revoked. Security wants to know.
    if (result.reason === 'reused') {
      await appendAudit(db, {
        action: 'auth.refresh_reused',
        actorUserId: result.userId ?? null,
        targetType: 'session',
        targetId: result.familyId ?? null,
        ip: client.ip,
        userAgent: client.userAgent,
      });
    }
    return { result, setCookies: clearedCookies(secureCookies) };
  }
  const accessToken = await signAccessToken(keys, { userId: result.userId, sessionId: result.familyId });
  return { result, accessToken, setCookies: tokenCookies(accessToken, result.token, secureCookies) };
}

/**
 * Ends this sign-in: its whole refresh family is revoked (found from the refresh token, or from the access
 * token's session id when only that is presented) and the cookies cleared. Its access tokens stop working at
 * once, since every authenticated request checks the family (session.server.ts).
 */
export async function signOut(request: Request, presented?: string): Promise<string[]> {
  const { db, secureCookies } = authContext();
  const families = new Set<string>();
  const token = presented ?? readCookie(request, REFRESH_COOKIE);
  const fromRefresh = token ? await familyOfRefreshToken(db, token) : null;
  if (fromRefresh) families.add(fromRefresh);
  const claims = await readAccessClaims(request);
  if (claims && claimsWellFormed(claims)) families.add(claims.sessionId);
  for (const familyId of families) await revokeFamily(db, familyId);
  return clearedCookies(secureCookies);
}

/**
 * "Log out everywhere": every refresh family of the user is revoked and every access token issued so far
 * stops working at once (getUser compares its issue time with sessionsValidAfter).
 */
export async function signOutEverywhere(request: Request, userId: string): Promise<string[]> {
  const { db, secureCookies } = authContext();
  const client = clientInfo(request);
  await db.user.update({ where: { id: userId }, data: { sessionsValidAfter: new Date() } });
  await revokeAllForUser(db, userId);
  await appendAudit(db, {
    action: 'auth.logout_everywhere',
    actorUserId: userId,
    targetType: 'user',
    targetId: userId,
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return clearedCookies(secureCookies);
}
