import { apiError } from '~/.server/api/api-error';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { askConnectionCheck } from '~/.server/telephony/connection-check.server';
import { sipConnectionExists } from '~/.server/telephony/sip-connections.server';

/**
 * POST runs DNS → OPTIONS → REGISTER against the carrier (in the media server) and answers every step
 * (never the password); 503 media_server_unavailable when no media server answers in time.
 */
export const action = projectApiAction(
  { permission: 'telephony.manage', ids: { connectionId: MISSING.sipConnection } },
  {
    POST: async ({ access, ids }) => {
      await enforceProjectRateLimit(access, 'connection-check');
      const notFound = () => apiError(404, MISSING.sipConnection.code, MISSING.sipConnection.message);
      if (!(await sipConnectionExists(access.projectId, ids.connectionId))) return notFound();
      // SIP lives in the media server: it runs the check and answers over the telephony bus.
      const answer = await askConnectionCheck(access.projectId, ids.connectionId);
      if (!answer.ok && answer.reason === 'not_found') return notFound();
      if (!answer.ok)
        return apiError(
          503,
          'media_server_unavailable',
          'No media server answered: the check runs there. Make sure it is running, then try again.',
        );
      return Response.json(answer.result, { headers: { 'Cache-Control': 'no-store' } });
    },
  },
);
