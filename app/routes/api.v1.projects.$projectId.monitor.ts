import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';
import {
  monitorCall,
  monitorQuery,
  monitorSettingsInput,
  monitorSnapshot,
  saveMonitorSettings,
} from '~/.server/monitor/monitor.server';

/** The live monitor: every live call with today's counters, or (with callId) one call's transcript and flow. */
export const loader = projectApiLoader({ permission: 'calls.monitor' }, async ({ request, access }) => {
  const query = queryInput(request, monitorQuery);
  if (query.callId) return Response.json(await monitorCall(access.projectId, query.callId));
  return Response.json(await monitorSnapshot(access.projectId));
});

/** The project's alert rules and sound setting. */
export const action = projectApiAction(
  { permission: 'calls.monitor' },
  {
    PUT: async ({ request, ctx }) =>
      Response.json(await saveMonitorSettings(ctx, await jsonBody(request, monitorSettingsInput))),
  },
);
