import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { publishInput } from '~/.server/agents/agent-input';
import { publishDraft } from '~/.server/agents/publish.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.publish';

/**
 * POST `{note?, confirmWarnings?}`: snapshots the draft as the next version and routes calls to it.
 * 422 flow_invalid when errors block; 409 publish_warnings until warnings are confirmed.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.publish');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to publish.');
  if (!isUuid(params.agentId)) return apiError(404, 'agent_not_found', 'No such agent in this project.');
  const agentId = params.agentId;
  const parsed = await parseJsonBody(request, publishInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(
      { version: await publishDraft(serviceContext(request, access), agentId, parsed.data) },
      { status: 201 },
    ),
  );
}
