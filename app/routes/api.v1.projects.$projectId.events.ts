import { projectApiLoader, queryInput } from '~/.server/http/api-route';
import { realtimeHub } from '~/.server/realtime/hub-instance.server';
import { eventsQuery, lastEventIdOf, sseResponse } from '~/.server/realtime/sse-response';

/** The project's events as server-sent events (or one call's), filtered by the caller's role. */
export const loader = projectApiLoader({ permission: 'calls.read' }, async ({ request, access }) => {
  const query = queryInput(request, eventsQuery);
  return sseResponse(request, await realtimeHub(), {
    projectId: access.projectId,
    callId: query.callId ?? null,
    lastEventId: lastEventIdOf(request, query.lastEventId),
    viewer: { role: access.role, userId: access.user?.id ?? null },
  });
});
