import { apiError } from '~/.server/api/api-error';
import { callListQuery, CursorError, listCalls } from '~/.server/calls/call-query.server';
import { projectApiLoader, queryInput } from '~/.server/http/api-route';

/** The project's calls, filtered and sorted, one keyset page at a time. */
export const loader = projectApiLoader({ permission: 'calls.read' }, async ({ request, access }) => {
  const query = queryInput(request, callListQuery);
  try {
    return Response.json(await listCalls(access.projectId, query));
  } catch (error) {
    if (error instanceof CursorError)
      return apiError(400, 'validation_failed', 'Some fields are invalid.', {
        fields: { cursor: [error.message] },
      });
    throw error;
  }
});
