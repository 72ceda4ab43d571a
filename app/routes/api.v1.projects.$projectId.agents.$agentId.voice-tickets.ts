import { versionChoiceInput } from '~/.server/agents/agent-input';
import { requireAgent } from '~/.server/agents/agents.server';
import { getVersion } from '~/.server/agents/publish.server';
import { apiError } from '~/.server/api/api-error';
import { authContext } from '~/.server/auth/auth-context.server';
import { voicePublicUrl } from '~/.server/env/env-values';
import { signVoiceTicket, VOICE_TICKET_TTL_SECONDS } from '~/.server/browser-voice/voice-ticket.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/**
 * POST `{versionId?}`: a ticket for one voice call, within a minute, with the agent's draft (or one of its
 * versions: only this agent's, in this project) from the browser; the answer has the WebSocket URL to open.
 */
export const action = projectApiAction(
  { permission: 'agents.edit', ids: { agentId: MISSING.agent } },
  {
    POST: async ({ request, access, ids }) => {
      // A ticket is for a person in a browser: an API key has no voice to bring.
      if (!access.user) return apiError(404, MISSING.agent.code, MISSING.agent.message);
      const user = access.user;
      const { agentId } = ids;
      const { versionId } = await jsonBody(request, versionChoiceInput);
      await requireAgent(access.projectId, agentId);
      // 404 version_not_found for a version of another agent or project: never signed, so never run.
      if (versionId) await getVersion(access.projectId, agentId, versionId);
      const ticket = await signVoiceTicket(authContext().keys, {
        projectId: access.projectId,
        agentId,
        versionId: versionId ?? null,
        userId: user.id,
      });
      const base = voicePublicUrl();
      return Response.json(
        { ticket, url: `${base}?ticket=${encodeURIComponent(ticket)}`, expiresIn: VOICE_TICKET_TTL_SECONDS },
        { status: 201, headers: { 'Cache-Control': 'no-store' } },
      );
    },
  },
);
