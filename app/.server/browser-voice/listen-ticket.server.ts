import { createSecretKey, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { SigningKey } from '../auth/jwt.server.ts';

/**
 * Listen-in tickets let a supervisor's browser open the media server's listen WebSocket for one live call:
 * signed by the web app (with the JWT keys) after it checked the supervisor's role in the call's project and
 * that the call is live there, good for one connection within a minute. The media server checks the
 * signature, uses each ticket once, and plays only a call of the ticket's project.
 */
const AUDIENCE = 'voice-listen';
const ISSUER = 'voice-platform';
export const LISTEN_TICKET_TTL_SECONDS = 60;
/** Kept a little past the ticket's expiry, so a clock a few seconds apart cannot revive a used one. */
const CLOCK_SKEW_SECONDS = 30;

export interface ListenTicketClaims {
  projectId: string;
  callId: string;
  userId: string;
}

export async function signListenTicket(keys: SigningKey[], claims: ListenTicketClaims, nowMs = Date.now()) {
  const key = keys[0];
  if (!key) throw new Error('AUTH_JWT_KEYS holds no key');
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ pid: claims.projectId, cid: claims.callId })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + LISTEN_TICKET_TTL_SECONDS)
    .sign(createSecretKey(key.secret));
}

async function verify(
  keys: SigningKey[],
  ticket: string,
): Promise<(ListenTicketClaims & { ticketId: string; expiresAt: number }) | null> {
  try {
    const { payload } = await jwtVerify(
      ticket,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return createSecretKey(key.secret);
      },
      // The audience keeps a voice-call ticket (or a session token) from opening a listen stream.
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
    );
    const { pid, cid, sub, jti, exp } = payload as Record<string, unknown>;
    if (typeof pid !== 'string' || typeof cid !== 'string' || typeof sub !== 'string') return null;
    if (typeof jti !== 'string' || jti.length === 0 || typeof exp !== 'number') return null;
    return { projectId: pid, callId: cid, userId: sub, ticketId: jti, expiresAt: exp };
  } catch {
    return null;
  }
}

/**
 * The grant of a valid, unused listen ticket; null when forged, expired or used before. One SET NX marks it
 * used, so two connections racing with one ticket cannot both listen, whichever media server each reaches.
 */
export async function grantForListenTicket(
  keys: SigningKey[],
  ticket: string,
  redis: Redis,
): Promise<ListenTicketClaims | null> {
  const claims = await verify(keys, ticket);
  if (!claims) return null;
  const ttl = Math.max(1, claims.expiresAt - Math.floor(Date.now() / 1000)) + CLOCK_SKEW_SECONDS;
  const first = await redis.set(`listen-ticket:used:${claims.ticketId}`, '1', 'EX', ttl, 'NX');
  if (first !== 'OK') return null;
  return { projectId: claims.projectId, callId: claims.callId, userId: claims.userId };
}
