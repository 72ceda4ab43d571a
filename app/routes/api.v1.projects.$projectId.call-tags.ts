import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { listCallTags } from '~/.server/calls/call-tags.server';

export const guard: RouteGuard = 'calls.read';

/** Guard: calls.read. The tags the project's calls have carried, alphabetical. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'calls.read');
  return Response.json({ tags: await listCallTags(projectId) });
}
