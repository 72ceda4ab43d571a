import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { queryParams, validationError } from '~/.server/api/api-error';
import { auditQuery, queryAuditLog } from '~/.server/audit/audit-query.server';

export const guard: RouteGuard = 'audit.read';

/** Guard: audit.read. Newest first; entries of this project only; cursor pagination. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'audit.read');
  const parsed = auditQuery.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) return validationError(parsed.error);
  return Response.json(await queryAuditLog(projectId, parsed.data));
}
