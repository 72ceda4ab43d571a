import { callsCsv } from '~/.server/calls/call-csv.server';
import { callFilters, countCalls } from '~/.server/calls/call-query.server';
import { auditAs } from '~/.server/access/service-context';
import { projectApiLoader, queryInput } from '~/.server/http/api-route';
import { csvResponse } from '~/.server/http/csv-response';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';

/**
 * The filtered calls as a streamed CSV. `X-Total-Count` says how many rows will come, so a client shows
 * progress while it reads (one call a line); exports are audited.
 */
export const loader = projectApiLoader({ permission: 'calls.read' }, async ({ request, access, ctx }) => {
  await enforceProjectRateLimit(access, 'calls-export');
  const filters = queryInput(request, callFilters);
  const total = await countCalls(access.projectId, filters);
  await auditAs(ctx, { action: 'calls.export', targetType: 'calls', diff: { after: { filters, total } } });
  return csvResponse(callsCsv(access.projectId, filters), 'calls', {
    'X-Total-Count': String(total),
    'Access-Control-Expose-Headers': 'X-Total-Count',
  });
});
