import type { Redis } from 'ioredis';
import type { SigningKey } from '../auth/jwt.server.ts';
import { signTicket, useTicketOnce, verifyTicket, type TicketKind } from './call-ticket.server.ts';

/**
 * Operator audio tickets (issue 20) let an operator's browser join the one call they accepted: signed by
 * the web app after it checked the handoff is theirs and accepted, good for one connection within a minute.
 * The media server checks the signature, uses each ticket once, and bridges only a call of the ticket's
 * project that is waiting for a person. The audience keeps a listen-in or test-call ticket from opening it.
 */
export const OPERATOR_TICKET_TTL_SECONDS = 60;
const KIND: TicketKind = {
  name: 'operator',
  audience: 'voice-operator',
  ttlSeconds: OPERATOR_TICKET_TTL_SECONDS,
};

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
  const { projectId, callId, handoffId, userId } = claims;
  return signTicket(keys, KIND, userId, { pid: projectId, cid: callId, hid: handoffId }, nowMs);
}

/** The grant of a valid, unused operator ticket; null when forged, expired or used before. */
export async function grantForOperatorTicket(
  keys: SigningKey[],
  ticket: string,
  redis: Redis,
): Promise<OperatorTicketClaims | null> {
  const verified = await verifyTicket(keys, KIND, ticket);
  const { pid, cid, hid } = verified?.claims ?? {};
  if (!verified || !pid || !cid || !hid) return null;
  if (!(await useTicketOnce(redis, KIND, verified))) return null;
  return { projectId: pid, callId: cid, handoffId: hid, userId: verified.subject };
}
