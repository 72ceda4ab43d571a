import type { Redis } from 'ioredis';
import type { SigningKey } from '../auth/jwt.server.ts';
import { signTicket, useTicketOnce, verifyTicket, type TicketKind } from './call-ticket.server.ts';

/**
 * Listen-in tickets let a supervisor's browser open the media server's listen WebSocket for one live call:
 * signed by the web app (with the JWT keys) after it checked the supervisor's role in the call's project and
 * that the call is live there, good for one connection within a minute. The media server checks the
 * signature, uses each ticket once, and plays only a call of the ticket's project. The audience keeps a
 * voice-call ticket (or a session token) from opening a listen stream.
 */
export const LISTEN_TICKET_TTL_SECONDS = 60;
const KIND: TicketKind = { name: 'listen', audience: 'voice-listen', ttlSeconds: LISTEN_TICKET_TTL_SECONDS };

/** How the supervisor joins: `listen` only hears; whisper, barge and take-over also speak (issue 20). */
export const SUPERVISE_MODES = ['listen', 'whisper', 'barge', 'takeover'] as const;
export type SuperviseTicketMode = (typeof SUPERVISE_MODES)[number];

export interface ListenTicketClaims {
  projectId: string;
  callId: string;
  userId: string;
  /** Absent on the wire for plain listening (tickets signed before modes existed read as `listen`). */
  mode?: SuperviseTicketMode;
}

export async function signListenTicket(keys: SigningKey[], claims: ListenTicketClaims, nowMs = Date.now()) {
  const mode = claims.mode && claims.mode !== 'listen' ? claims.mode : null;
  return signTicket(keys, KIND, claims.userId, { pid: claims.projectId, cid: claims.callId, mode }, nowMs);
}

/** The grant of a valid, unused listen ticket; null when forged, expired or used before. */
export async function grantForListenTicket(
  keys: SigningKey[],
  ticket: string,
  redis: Redis,
): Promise<ListenTicketClaims | null> {
  const verified = await verifyTicket(keys, KIND, ticket);
  const { pid, cid, mode } = verified?.claims ?? {};
  if (!verified || !pid || !cid) return null;
  const known = SUPERVISE_MODES.find((m) => m === (mode ?? 'listen'));
  if (!known) return null;
  if (!(await useTicketOnce(redis, KIND, verified))) return null;
  return { projectId: pid, callId: cid, userId: verified.subject, mode: known };
}
