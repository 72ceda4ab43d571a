import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { rollbackTo } from '~/.server/agents/publish.server';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.publish';

/** POST: routes calls to this earlier version again (the draft is left as it is). */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.publish');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to roll back.');
  if (!isUuid(params.agentId) || !isUuid(params.versionId))
    return apiError(404, 'version_not_found', 'No such version of this agent.');
  const { agentId, versionId } = params;
  return answerServiceErrors(async () =>
    Response.json({ version: await rollbackTo(serviceContext(request, access), agentId, versionId) }),
  );
}
