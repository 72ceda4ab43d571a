import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { getCallDetail } from '~/.server/calls/call-detail.server';
import { callTagsInput, setCallTags } from '~/.server/calls/call-tags.server';

export const guard: RouteGuard = 'calls.read';
export const actionGuard: RouteGuard = 'calls.flag';

const notFound = () => apiError(404, 'call_not_found', 'No such call in this project.');

/** Guard: calls.read. One call: transcript with timings, events, variables, handoff, path, issues. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'calls.read');
  if (!isUuid(params.callId)) return notFound();
  const callId = params.callId;
  return answerServiceErrors(async () => Response.json(await getCallDetail(projectId, callId)));
}

/** Guard: calls.flag. PATCH `{tags}` replaces the call's tags (the people who review calls sort them). */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'calls.flag');
  if (request.method !== 'PATCH')
    return apiError(405, 'method_not_allowed', "Use PATCH to change a call's tags.");
  if (!isUuid(params.callId)) return notFound();
  const callId = params.callId;
  const parsed = await parseJsonBody(request, callTagsInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(await setCallTags(serviceContext(request, access), callId, parsed.data)),
  );
}
