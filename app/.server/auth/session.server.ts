import { redirect } from '@remix-run/node';
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Both ids of a token we signed are UUIDs; anything else is refused before it reaches SQL. */
export function claimsWellFormed(claims: AccessClaims): boolean {
  return UUID.test(claims.userId) && UUID.test(claims.sessionId);
}

/**
 * SQL for "this token's sign-in was revoked" (signed out, or its refresh token reused): a revoked row in its
 * refresh family. Queries select it beside the user, so checking costs no extra round trip.
 */
export const familyRevokedSql = (sessionId: string) =>
  Prisma.sql`EXISTS (SELECT 1 FROM refresh_tokens r WHERE r."familyId" = ${sessionId}::uuid AND r."revokedAt" IS NOT NULL)`;

/** Whether an access token's user and sign-in still stand. */
export function sessionStands(
  claims: AccessClaims,
  user: { disabledAt: Date | null; sessionsValidAfter: Date | null; sessionRevoked: boolean },
): boolean {
  return !user.disabledAt && !user.sessionRevoked && !issuedBeforeLogoutAll(claims, user.sessionsValidAfter);
}

interface SessionRow extends SessionUser {
  disabledAt: Date | null;
  sessionsValidAfter: Date | null;
  sessionRevoked: boolean;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const claims = await readAccessClaims(request);
  if (!claims || !claimsWellFormed(claims)) return null;
  const rows = await authContext().db.$queryRaw<SessionRow[]>`
    SELECT u.id, u.email, u.name, u."disabledAt", u."sessionsValidAfter",
      ${familyRevokedSql(claims.sessionId)} AS "sessionRevoked"
    FROM users u WHERE u.id = ${claims.userId}::uuid`;
  const user = rows[0];
  if (!user || !sessionStands(claims, user)) return null;
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
