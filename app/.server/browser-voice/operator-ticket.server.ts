import { createSecretKey, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { SigningKey } from '../auth/jwt.server.ts';

/**
 * Operator audio tickets (issue 20) let an operator's browser join the one call they accepted: signed by
 * the web app after it checked the handoff is theirs and accepted, good for one connection within a minute.
 * The media server checks the signature, uses each ticket once, and bridges only a call of the ticket's
 * project that is waiting for a person. The audience keeps a listen-in or test-call ticket from opening it.
 */
const AUDIENCE = 'voice-operator';
const ISSUER = 'voice-platform';
export const OPERATOR_TICKET_TTL_SECONDS = 60;
const CLOCK_SKEW_SECONDS = 30;

export interface OperatorTicketClaims {
  projectId: string;
  /** The gateway's call id (the call record's externalId). */
  callId: string;
  handoffId: string;
  userId: string;
}

export async function signOperatorTicket(
  keys: SigningKey[],
  claims: OperatorTicketClaims,
  nowMs = Date.now(),
) {
  const key = keys[0];
  if (!key) throw new Error('AUTH_JWT_KEYS holds no key');
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ pid: claims.projectId, cid: claims.callId, hid: claims.handoffId })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + OPERATOR_TICKET_TTL_SECONDS)
    .sign(createSecretKey(key.secret));
}

/** The grant of a valid, unused operator ticket; null when forged, expired or used before. */
export async function grantForOperatorTicket(
  keys: SigningKey[],
  ticket: string,
  redis: Redis,
): Promise<OperatorTicketClaims | null> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(
      ticket,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return createSecretKey(key.secret);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
    ));
  } catch {
    return null;
  }
  const { pid, cid, hid, sub, jti, exp } = payload;
  if (typeof pid !== 'string' || typeof cid !== 'string' || typeof hid !== 'string') return null;
  if (typeof sub !== 'string' || typeof jti !== 'string' || !jti || typeof exp !== 'number') return null;
  const ttl = Math.max(1, exp - Math.floor(Date.now() / 1000)) + CLOCK_SKEW_SECONDS;
  const first = await redis.set(`operator-ticket:used:${jti}`, '1', 'EX', ttl, 'NX');
  if (first !== 'OK') return null;
  return { projectId: pid, callId: cid, handoffId: hid, userId: sub };
}
