import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { requireAgent } from '~/.server/agents/agents.server';
import { getVersion } from '~/.server/agents/publish.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { authContext } from '~/.server/auth/auth-context.server';
import { voicePublicUrl } from '~/.server/env/env-values';
import { signVoiceTicket, VOICE_TICKET_TTL_SECONDS } from '~/.server/browser-voice/voice-ticket.server';

export const guard: RouteGuard = 'agents.edit';

const body = z.object({ versionId: z.uuid('must be a version id').optional() });

/**
 * POST `{versionId?}`: a ticket for one voice call, within a minute, with the agent's draft (or one of its
 * versions: only this agent's, in this project) from the browser; the answer has the WebSocket URL to open.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.edit');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST for a ticket.');
  if (!isUuid(params.agentId) || !access.user)
    return apiError(404, 'agent_not_found', 'No such agent in this project.');
  const { agentId } = params;
  const user = access.user;
  const parsed = await parseJsonBody(request, body);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () => {
    await requireAgent(access.projectId, agentId);
    // 404 version_not_found for a version of another agent or project: never signed, so never run.
    if (parsed.data.versionId) await getVersion(access.projectId, agentId, parsed.data.versionId);
    const ticket = await signVoiceTicket(authContext().keys, {
      projectId: access.projectId,
      agentId,
      versionId: parsed.data.versionId ?? null,
      userId: user.id,
    });
    const base = voicePublicUrl();
    return Response.json(
      { ticket, url: `${base}?ticket=${encodeURIComponent(ticket)}`, expiresIn: VOICE_TICKET_TTL_SECONDS },
      { status: 201, headers: { 'Cache-Control': 'no-store' } },
    );
  });
}
