import type { Redis } from 'ioredis';
import type { SigningKey } from '../auth/jwt.server.ts';
import { db } from '../db.ts';
import { useTicketOnce } from './call-ticket.server.ts';
import { VOICE_TICKET, verifyVoiceTicket } from './voice-ticket.server.ts';

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
  if (!(await useTicketOnce(redis, VOICE_TICKET, claims))) return null;
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
