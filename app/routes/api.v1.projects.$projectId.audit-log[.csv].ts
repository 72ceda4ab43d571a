import { auditExportQuery, exportAuditLog } from '~/.server/audit/audit-query.server';
import { projectApiLoader, queryInput } from '~/.server/http/api-route';
import { csvResponse } from '~/.server/http/csv-response';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';

/** The filtered audit log as a CSV download. Exports are themselves audited. */
export const loader = projectApiLoader({ permission: 'audit.read' }, async ({ request, access, ctx }) => {
  await enforceProjectRateLimit(access, 'audit-export');
  const filters = queryInput(request, auditExportQuery);
  return csvResponse(await exportAuditLog(ctx, filters), 'audit-log');
});
