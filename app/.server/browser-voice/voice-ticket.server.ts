import type { SigningKey } from '../auth/jwt.server.ts';
import { signTicket, verifyTicket, type TicketKind } from './call-ticket.server.ts';

/**
 * Tickets let a browser open the media server's voice WebSocket (which cannot carry cookies across origins
 * nor set headers): signed by the web app with the JWT keys, for one agent of one project, good for one
 * call within a minute (each carries an id the media server consumes on first use).
 */
export const VOICE_TICKET_TTL_SECONDS = 60;
export const VOICE_TICKET: TicketKind = {
  name: 'voice',
  audience: 'voice',
  ttlSeconds: VOICE_TICKET_TTL_SECONDS,
};

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
  const { projectId, agentId, versionId, userId } = claims;
  return signTicket(keys, VOICE_TICKET, userId, { pid: projectId, aid: agentId, vid: versionId }, nowMs);
}

export async function verifyVoiceTicket(
  keys: SigningKey[],
  ticket: string,
): Promise<VerifiedVoiceTicket | null> {
  const verified = await verifyTicket(keys, VOICE_TICKET, ticket);
  const { pid, aid, vid } = verified?.claims ?? {};
  if (!verified || !pid || !aid) return null;
  return {
    projectId: pid,
    agentId: aid,
    versionId: vid ?? null,
    userId: verified.subject,
    ticketId: verified.ticketId,
    expiresAt: verified.expiresAt,
  };
}
