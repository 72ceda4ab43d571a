import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { apiError } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { checkConnection } from '~/.server/telephony/connection-check.server';
import { connectionWithSecret } from '~/.server/telephony/sip-connections.server';

export const guard: RouteGuard = 'telephony.manage';

const notFound = () => apiError(404, 'sip_connection_not_found', 'No such SIP connection in this project.');

/** POST runs DNS → OPTIONS → REGISTER against the carrier and answers every step (never the password). */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'telephony.manage');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to run the check.');
  await enforceProjectRateLimit(access, 'connection-check');
  const { projectId } = access;
  const id = params.connectionId;
  if (!isUuid(id)) return notFound();
  const found = await connectionWithSecret(projectId, id);
  if (!found) return notFound();
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
}
