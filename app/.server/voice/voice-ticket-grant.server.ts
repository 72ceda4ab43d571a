import type { SigningKey } from '../auth/jwt.server.ts';
import { db } from '../db.ts';
import { verifyVoiceTicket } from './voice-ticket.server.ts';

/**
 * What the media server runs for a valid ticket: the agent's draft (the studio tests what is being built)
 * or the named version, in the ticket's project only.
 */
export async function grantForTicket(
  keys: SigningKey[],
  ticket: string,
): Promise<{
  projectId: string;
  agentId: string;
  versionId?: string;
  flow: unknown;
  caller: string;
} | null> {
  const claims = await verifyVoiceTicket(keys, ticket);
  if (!claims) return null;
  if (claims.versionId) {
    const version = await db().agentVersion.findFirst({
      where: { id: claims.versionId, agentId: claims.agentId, projectId: claims.projectId },
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
    where: { id: claims.agentId, projectId: claims.projectId },
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
