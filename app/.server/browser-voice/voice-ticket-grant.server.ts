import type { Redis } from 'ioredis';
import type { SigningKey } from '../auth/jwt.server.ts';
import { db } from '../db.ts';
import { verifyVoiceTicket } from './voice-ticket.server.ts';

/** Kept a little past the ticket's expiry, so a clock a few seconds apart cannot revive a used one. */
const CLOCK_SKEW_SECONDS = 30;

/**
 * Marks the ticket used; true only for the first use. One SET NX, so two connections racing with one
 * ticket cannot both win, whichever media server each reaches (they share Redis).
 */
async function consume(redis: Redis, ticketId: string, expiresAt: number): Promise<boolean> {
  const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000)) + CLOCK_SKEW_SECONDS;
  return (await redis.set(`voice-ticket:used:${ticketId}`, '1', 'EX', ttl, 'NX')) === 'OK';
}

/**
 * What the media server runs for a valid ticket, once: the agent's draft (the studio tests what is being
 * built) or the named version, looked up in the ticket's project only. The grant carries that project, and
 * the call runs under it (its knowledge, its limits, its records).
 */
export async function grantForTicket(
  keys: SigningKey[],
  ticket: string,
  redis: Redis,
): Promise<{
  projectId: string;
  agentId: string;
  versionId?: string;
  flow: unknown;
  caller: string;
} | null> {
  const claims = await verifyVoiceTicket(keys, ticket);
  if (!claims) return null;
  if (!(await consume(redis, claims.ticketId, claims.expiresAt))) return null;
  if (claims.versionId) {
    const version = await db().agentVersion.findFirst({
      where: {
        id: claims.versionId,
        agentId: claims.agentId,
        projectId: claims.projectId,
        // A project deleted after the ticket was issued opens no call.
        agent: { projectId: claims.projectId, project: { deletedAt: null } },
      },
      select: { graph: true },
    });
    return version
      ? {
          projectId: claims.projectId,
          agentId: claims.agentId,
          versionId: claims.versionId,
          flow: version.graph,
          caller: `studio:${claims.userId}`,
        }
      : null;
  }
  const agent = await db().agent.findFirst({
    where: { id: claims.agentId, projectId: claims.projectId, project: { deletedAt: null } },
    select: { draftGraph: true },
  });
  return agent
    ? {
        projectId: claims.projectId,
        agentId: claims.agentId,
        flow: agent.draftGraph,
        caller: `studio:${claims.userId}`,
      }
    : null;
}
