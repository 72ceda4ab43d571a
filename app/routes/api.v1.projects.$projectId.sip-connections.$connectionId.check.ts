import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { apiError } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { askConnectionCheck } from '~/.server/telephony/connection-check.server';
import { sipConnectionExists } from '~/.server/telephony/sip-connections.server';

export const guard: RouteGuard = 'telephony.manage';

const notFound = () => apiError(404, 'sip_connection_not_found', 'No such SIP connection in this project.');

/**
 * POST runs DNS → OPTIONS → REGISTER against the carrier (in the media server) and answers every step
 * (never the password); 503 media_server_unavailable when no media server answers in time.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'telephony.manage');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to run the check.');
  await enforceProjectRateLimit(access, 'connection-check');
  const { projectId } = access;
  const id = params.connectionId;
  if (!isUuid(id)) return notFound();
  if (!(await sipConnectionExists(projectId, id))) return notFound();
  // SIP lives in the media server: it runs the check and answers over the telephony bus.
  const answer = await askConnectionCheck(projectId, id);
  if (!answer.ok && answer.reason === 'not_found') return notFound();
  if (!answer.ok)
    return apiError(
      503,
      'media_server_unavailable',
      'No media server answered: the check runs there. Make sure it is running, then try again.',
    );
  return Response.json(answer.result, { headers: { 'Cache-Control': 'no-store' } });
}
