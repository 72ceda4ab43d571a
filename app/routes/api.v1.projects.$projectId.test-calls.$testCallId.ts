import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { getTestCall } from '~/.server/telephony/trial-calls.server';

export const guard: RouteGuard = 'telephony.read';

/** A test call's progress: trying → ringing → answered → ended (or failed), with SIP code and duration. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'telephony.read');
  const id = params.testCallId;
  if (!isUuid(id)) return apiError(404, 'test_call_not_found', 'No such test call in this project.');
  return answerServiceErrors(async () =>
    Response.json(await getTestCall(projectId, id), { headers: { 'Cache-Control': 'no-store' } }),
  );
}
