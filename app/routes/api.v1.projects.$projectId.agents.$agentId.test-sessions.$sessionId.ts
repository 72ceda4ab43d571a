import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { getTestSession } from '~/.server/agents/console-sessions.server';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.read';

/** A test conversation with all its turns (replies, commands, traces), to reopen it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'agents.read');
  if (!isUuid(params.agentId) || !isUuid(params.sessionId))
    return apiError(404, 'test_session_not_found', 'No such test conversation.');
  const { agentId, sessionId } = params;
  return answerServiceErrors(async () => Response.json(await getTestSession(projectId, agentId, sessionId)));
}
