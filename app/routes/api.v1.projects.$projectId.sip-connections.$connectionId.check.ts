import { apiError } from '~/.server/api/api-error';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { checkConnection } from '~/.server/telephony/connection-check.server';
import { connectionWithSecret } from '~/.server/telephony/sip-connections.server';

/** POST runs DNS → OPTIONS → REGISTER against the carrier and answers every step (never the password). */
export const action = projectApiAction(
  { permission: 'telephony.manage', ids: { connectionId: MISSING.sipConnection } },
  {
    POST: async ({ access, ids }) => {
      await enforceProjectRateLimit(access, 'connection-check');
      const found = await connectionWithSecret(access.projectId, ids.connectionId);
      if (!found) return apiError(404, MISSING.sipConnection.code, MISSING.sipConnection.message);
      const { row, password } = found;
      const result = await checkConnection({
        host: row.host,
        port: row.port,
        transport: row.transport === 'tcp' ? 'tcp' : 'udp',
        outboundProxy: row.outboundProxy,
        authMode: row.authMode === 'ip' ? 'ip' : 'registration',
        username: row.username,
        authUsername: row.authUsername,
        password,
      });
      return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
    },
  },
);
