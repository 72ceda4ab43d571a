import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { listVersions } from '~/.server/agents/publish.server';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.read';

/** Published versions, newest first; `live` marks the one calls are routed to. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'agents.read');
  if (!isUuid(params.agentId)) return apiError(404, 'agent_not_found', 'No such agent in this project.');
  const agentId = params.agentId;
  return answerServiceErrors(async () => Response.json({ versions: await listVersions(projectId, agentId) }));
}
