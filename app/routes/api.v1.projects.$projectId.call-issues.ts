import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { queryParams, validationError } from '~/.server/api/api-error';
import { issueListQuery, listIssues } from '~/.server/calls/call-issues.server';

export const guard: RouteGuard = 'calls.read';

/** Guard: calls.read. Flagged turns of the project, newest first, by status, assignee or agent. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'calls.read');
  const parsed = issueListQuery.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) return validationError(parsed.error);
  return Response.json(await listIssues(projectId, parsed.data));
}
