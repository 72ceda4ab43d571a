import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { updateIssue, updateIssueInput } from '~/.server/calls/call-issues.server';

export const guard: RouteGuard = 'calls.flag';

/** Guard: calls.flag. PATCH `{status?, assigneeId?, comment?}` works an issue. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'calls.flag');
  if (request.method !== 'PATCH') return apiError(405, 'method_not_allowed', 'Use PATCH to change an issue.');
  if (!isUuid(params.issueId)) return apiError(404, 'issue_not_found', 'No such issue in this project.');
  const issueId = params.issueId;
  const parsed = await parseJsonBody(request, updateIssueInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json({ issue: await updateIssue(serviceContext(request, access), issueId, parsed.data) }),
  );
}
