import { authContext } from './auth-context.server.ts';
import { clientInfo } from './client-info.server.ts';
import { clearedCookies, readCookie, REFRESH_COOKIE, tokenCookies } from './cookies.server.ts';
import { signAccessToken } from './jwt.server.ts';
import { revokeFamily, rotateRefreshToken, type RotateResult } from './refresh-tokens.server.ts';

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
  const result = await rotateRefreshToken(db, token, clientInfo(request));
  if (!result.ok) return { result, setCookies: clearedCookies(secureCookies) };
  const accessToken = await signAccessToken(keys, { userId: result.userId, sessionId: result.familyId });
  return { result, accessToken, setCookies: tokenCookies(accessToken, result.token, secureCookies) };
}

/** Ends this sign-in: its whole refresh family is revoked and the cookies cleared. */
export async function signOut(request: Request, presented?: string): Promise<string[]> {
  const { db, secureCookies } = authContext();
  const token = presented ?? readCookie(request, REFRESH_COOKIE);
  if (token) {
    const result = await rotateRefreshToken(db, token, clientInfo(request));
    if (result.familyId) await revokeFamily(db, result.familyId);
  }
  return clearedCookies(secureCookies);
}
