import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { createIssue, createIssueInput, listIssues } from '~/.server/calls/call-issues.server';

export const guard: RouteGuard = 'calls.read';
export const actionGuard: RouteGuard = 'calls.flag';

const notFound = () => apiError(404, 'call_not_found', 'No such call in this project.');

/** Guard: calls.read. The issues flagged on this call. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'calls.read');
  if (!isUuid(params.callId)) return notFound();
  return Response.json(await listIssues(projectId, { callId: params.callId, limit: 200 }));
}

/** Guard: calls.flag. POST `{turnId, reason, comment}` flags one line of the call. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'calls.flag');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to flag a turn.');
  if (!isUuid(params.callId)) return notFound();
  const callId = params.callId;
  const parsed = await parseJsonBody(request, createIssueInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(
      { issue: await createIssue(serviceContext(request, access), callId, parsed.data) },
      { status: 201 },
    ),
  );
}
