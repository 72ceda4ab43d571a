import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/api/service-error';
import { getCallDetail } from '~/.server/calls/call-detail.server';

export const guard: RouteGuard = 'calls.read';

/** Guard: calls.read. One call: transcript with timings, events, variables, handoff, path, issues. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'calls.read');
  if (!isUuid(params.callId)) return apiError(404, 'call_not_found', 'No such call in this project.');
  const callId = params.callId;
  return answerServiceErrors(async () => Response.json(await getCallDetail(projectId, callId)));
}
