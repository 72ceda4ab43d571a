import { can } from '~/.server/access/permissions';
import { apiError } from '~/.server/api/api-error';
import { voicePublicUrl } from '~/.server/env/env-values';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { issueListenTicket, listenInput } from '~/.server/monitor/monitor.server';

/**
 * POST `{callId}`: a ticket for the signed-in supervisor to hear one live call of this project through the
 * browser (both sides mixed), good for one connection within a minute; audited as `call.listen`. With `mode`
 * whisper, barge or takeover (supervisors: `calls.takeover`) the socket also carries the supervisor's voice
 * into the call; audited as `call.whisper`, `call.barge`, `call.takeover`.
 */
export const action = projectApiAction(
  { permission: 'calls.monitor' },
  {
    POST: async ({ request, access, ctx }) => {
      const { callId, mode } = await jsonBody(request, listenInput);
      // A person listens: an API key has no ears, and its holder would get an unaudited stream.
      if (!access.user) return apiError(403, 'forbidden', 'Listening in is for signed-in people.');
      // Speaking into a call (whisper, barge, take-over) is for supervisors and above.
      if (mode !== 'listen' && !can(access.role, 'calls.takeover'))
        return apiError(403, 'forbidden', 'Whisper, barge and take-over need the supervisor role.');
      const view = await issueListenTicket(ctx, access.user.id, callId, voicePublicUrl(), mode);
      if (!view) return apiError(404, 'call_not_found', 'No live call with this id in this project.');
      return Response.json(view, { status: 201, headers: { 'Cache-Control': 'no-store' } });
    },
  },
);
