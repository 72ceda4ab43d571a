import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { listTemplates, templateListQuery } from '~/.server/agents/templates';
import { queryParams, validationError } from '~/.server/api/api-error';

export const guard: RouteGuard = 'agents.read';

/** Guard: agents.read. The templates a new agent can start from (id, language, name, description, size). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireProjectPermission(request, params.projectId, 'agents.read');
  const parsed = templateListQuery.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) return validationError(parsed.error);
  return Response.json({ templates: listTemplates(parsed.data.language) });
}
