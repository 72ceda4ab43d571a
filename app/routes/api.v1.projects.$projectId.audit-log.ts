import { auditQuery, queryAuditLog } from '~/.server/audit/audit-query.server';
import { projectApiLoader, queryInput } from '~/.server/http/api-route';

/** Newest first; entries of this project only; cursor pagination. */
export const loader = projectApiLoader({ permission: 'audit.read' }, async ({ request, access }) =>
  Response.json(await queryAuditLog(access.projectId, queryInput(request, auditQuery))),
);
