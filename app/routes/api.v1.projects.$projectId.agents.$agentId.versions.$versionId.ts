import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { getVersion } from '~/.server/agents/publish.server';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.read';

/** One version with its graph and settings (for the diff and for testing it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'agents.read');
  if (!isUuid(params.agentId) || !isUuid(params.versionId))
    return apiError(404, 'version_not_found', 'No such version of this agent.');
  const { agentId, versionId } = params;
  return answerServiceErrors(async () =>
    Response.json({ version: await getVersion(projectId, agentId, versionId) }),
  );
}
