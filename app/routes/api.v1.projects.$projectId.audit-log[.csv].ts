import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { auditActor, requireProjectPermission } from '~/.server/access/project-access.server';
import { queryParams, validationError } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { appendAudit } from '~/.server/audit/audit-log.server';
import { auditCsv, auditExportQuery } from '~/.server/audit/audit-query.server';
import { clientInfo } from '~/.server/auth/client-info.server';
import { db } from '~/.server/db';

export const guard: RouteGuard = 'audit.read';

/** The filtered audit log as a CSV download. Exports are themselves audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'audit.read');
  await enforceProjectRateLimit(access, 'audit-export');
  const parsed = auditExportQuery.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) return validationError(parsed.error);
  const client = clientInfo(request);
  await appendAudit(db(), {
    projectId: access.projectId,
    ...auditActor(access.actor),
    action: 'audit.export',
    targetType: 'audit_log',
    diff: { after: { filters: parsed.data } },
    ip: client.ip,
    userAgent: client.userAgent,
  });
  const lines = auditCsv(access.projectId, parsed.data);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
