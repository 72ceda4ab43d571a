import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { apiError, queryParams, validationError } from '~/.server/api/api-error';
import { callListQuery, CursorError, listCalls } from '~/.server/calls/call-query.server';

export const guard: RouteGuard = 'calls.read';

/** Guard: calls.read. The project's calls, filtered and sorted, one keyset page at a time. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'calls.read');
  const parsed = callListQuery.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) return validationError(parsed.error);
  try {
    return Response.json(await listCalls(projectId, parsed.data));
  } catch (error) {
    if (error instanceof CursorError)
      return apiError(400, 'validation_failed', 'Some fields are invalid.', {
        fields: { cursor: [error.message] },
      });
    throw error;
  }
}
