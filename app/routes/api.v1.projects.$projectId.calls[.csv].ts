import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { auditAs, serviceContext } from '~/.server/access/service-context';
import { queryParams, validationError } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { callsCsv } from '~/.server/calls/call-csv.server';
import { callFilters, countCalls } from '~/.server/calls/call-query.server';

export const guard: RouteGuard = 'calls.read';

/**
 * Guard: calls.read. The filtered calls as a streamed CSV. `X-Total-Count` says how many rows will come,
 * so a client shows progress while it reads (one call a line); exports are audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'calls.read');
  await enforceProjectRateLimit(access, 'calls-export');
  const parsed = callFilters.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) return validationError(parsed.error);
  const filters = parsed.data;
  const total = await countCalls(access.projectId, filters);
  await auditAs(serviceContext(request, access), {
    action: 'calls.export',
    targetType: 'calls',
    diff: { after: { filters, total } },
  });
  const lines = callsCsv(access.projectId, filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="calls-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Total-Count': String(total),
      'Access-Control-Expose-Headers': 'X-Total-Count',
    },
  });
}
