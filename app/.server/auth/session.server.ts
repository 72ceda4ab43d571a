import { redirect } from '@remix-run/node';
import { authContext } from './auth-context.server.ts';
import { ACCESS_COOKIE, readCookie, REFRESH_COOKIE } from './cookies.server.ts';
import { verifyAccessToken, type AccessClaims } from './jwt.server.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export function bearerToken(request: Request): string | undefined {
  const h = request.headers.get('authorization');
  return h?.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : undefined;
}

/** The verified claims of the request's access token (cookie or Bearer), or why there are none. */
export async function readAccessClaims(request: Request): Promise<AccessClaims | null> {
  const token = bearerToken(request) ?? readCookie(request, ACCESS_COOKIE);
  if (!token) return null;
  const result = await verifyAccessToken(authContext().keys, token);
  return result.ok ? result.claims : null;
}

/** True when the token predates the user's last "log out everywhere". */
export function issuedBeforeLogoutAll(claims: AccessClaims, validAfter: Date | null): boolean {
  return validAfter !== null && (claims.issuedAtMs ?? 0) < validAfter.getTime();
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const claims = await readAccessClaims(request);
  if (!claims) return null;
  const user = await authContext().db.user.findUnique({
    where: { id: claims.userId },
    select: { id: true, email: true, name: true, disabledAt: true, sessionsValidAfter: true },
  });
  if (!user || user.disabledAt || issuedBeforeLogoutAll(claims, user.sessionsValidAfter)) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * For pages: the signed-in user, or a redirect. An expired access token with a refresh cookie goes through
 * /auth/refresh (which rotates the pair and comes back); otherwise to the login page.
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = encodeURIComponent(url.pathname + url.search);
  if (
    readCookie(request, REFRESH_COOKIE) !== undefined ||
    request.headers.get('cookie')?.includes(`${ACCESS_COOKIE}=`)
  ) {
    throw redirect(`/auth/refresh?redirectTo=${back}`);
  }
  throw redirect(`/login?redirectTo=${back}`);
}
