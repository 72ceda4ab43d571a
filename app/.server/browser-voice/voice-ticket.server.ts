import { createSecretKey, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { SigningKey } from '../auth/jwt.server.ts';

/**
 * Tickets let a browser open the media server's voice WebSocket (which cannot carry cookies across origins
 * nor set headers): signed by the web app with the JWT keys, for one agent of one project, good for one
 * call within a minute (each carries an id the media server consumes on first use).
 */
const AUDIENCE = 'voice';
const ISSUER = 'voice-platform';
export const VOICE_TICKET_TTL_SECONDS = 60;

export interface VoiceTicketClaims {
  projectId: string;
  agentId: string;
  /** A published version, or null for the agent's current draft. */
  versionId: string | null;
  userId: string;
}

export interface VerifiedVoiceTicket extends VoiceTicketClaims {
  /** The ticket's own id (`jti`): used once, then refused. */
  ticketId: string;
  /** When it stops being valid, epoch seconds. */
  expiresAt: number;
}

export async function signVoiceTicket(keys: SigningKey[], claims: VoiceTicketClaims, nowMs = Date.now()) {
  const key = keys[0];
  if (!key) throw new Error('AUTH_JWT_KEYS holds no key');
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ pid: claims.projectId, aid: claims.agentId, vid: claims.versionId })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + VOICE_TICKET_TTL_SECONDS)
    .sign(createSecretKey(key.secret));
}

export async function verifyVoiceTicket(
  keys: SigningKey[],
  ticket: string,
): Promise<VerifiedVoiceTicket | null> {
  try {
    const { payload } = await jwtVerify(
      ticket,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return createSecretKey(key.secret);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
    );
    const { pid, aid, vid, sub, jti, exp } = payload as Record<string, unknown>;
    if (typeof pid !== 'string' || typeof aid !== 'string' || typeof sub !== 'string') return null;
    // A ticket without an id could not be used once only: refused (tickets signed before ids existed).
    if (typeof jti !== 'string' || jti.length === 0 || typeof exp !== 'number') return null;
    return {
      projectId: pid,
      agentId: aid,
      versionId: typeof vid === 'string' ? vid : null,
      userId: sub,
      ticketId: jti,
      expiresAt: exp,
    };
  } catch {
    return null;
  }
}
