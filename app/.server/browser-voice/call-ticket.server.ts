import { createSecretKey, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { SigningKey } from '../auth/jwt.server.ts';

/**
 * What the browser's voice, listen-in and operator tickets share: a short-lived HS256 JWT signed with the
 * JWT keys, with its own audience per kind (so one kind never opens another's socket) and an id that the
 * media server uses once.
 */
const ISSUER = 'voice-platform';
/** Kept a little past a ticket's expiry, so a clock a few seconds apart cannot revive a used one. */
const CLOCK_SKEW_SECONDS = 30;

export interface TicketKind {
  /** Names the used-ticket keys in Redis. */
  name: 'voice' | 'listen' | 'operator';
  audience: string;
  ttlSeconds: number;
}

export interface VerifiedTicket {
  /** The string claims the ticket was signed with (others are dropped). */
  claims: Record<string, string>;
  subject: string;
  /** The ticket's own id (`jti`). */
  ticketId: string;
  /** When it stops being valid, epoch seconds. */
  expiresAt: number;
}

export async function signTicket(
  keys: SigningKey[],
  kind: TicketKind,
  subject: string,
  claims: Record<string, string | null>,
  nowMs = Date.now(),
): Promise<string> {
  const key = keys[0];
  if (!key) throw new Error('AUTH_JWT_KEYS holds no key');
  const now = Math.floor(nowMs / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(subject)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(kind.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + kind.ttlSeconds)
    .sign(createSecretKey(key.secret));
}

/** A ticket of this kind with a valid signature, not expired; null otherwise. */
export async function verifyTicket(
  keys: SigningKey[],
  kind: TicketKind,
  ticket: string,
): Promise<VerifiedTicket | null> {
  try {
    const { payload } = await jwtVerify(
      ticket,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return createSecretKey(key.secret);
      },
      { issuer: ISSUER, audience: kind.audience, algorithms: ['HS256'] },
    );
    const { sub, jti, exp } = payload;
    // A ticket without an id could not be used once only: refused.
    if (typeof sub !== 'string' || typeof jti !== 'string' || jti.length === 0 || typeof exp !== 'number')
      return null;
    const claims: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload)) if (typeof value === 'string') claims[name] = value;
    return { claims, subject: sub, ticketId: jti, expiresAt: exp };
  } catch {
    return null;
  }
}

/**
 * Marks a ticket used; false when it was used before. One SET NX, so two connections racing with one
 * ticket cannot both get in, whichever media server each reaches.
 */
export async function useTicketOnce(
  redis: Redis,
  kind: TicketKind,
  ticket: Pick<VerifiedTicket, 'ticketId' | 'expiresAt'>,
): Promise<boolean> {
  const ttl = Math.max(1, ticket.expiresAt - Math.floor(Date.now() / 1000)) + CLOCK_SKEW_SECONDS;
  return (await redis.set(`${kind.name}-ticket:used:${ticket.ticketId}`, '1', 'EX', ttl, 'NX')) === 'OK';
}
