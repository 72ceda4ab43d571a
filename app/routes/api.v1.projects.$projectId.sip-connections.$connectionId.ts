import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { updateSipConnectionInput } from '~/.server/telephony/sip-connection-input';
import {
  deleteSipConnection,
  getSipConnection,
  updateSipConnection,
} from '~/.server/telephony/sip-connections.server';

export const guard: RouteGuard = 'telephony.read';
export const actionGuard: RouteGuard = 'telephony.manage';

const notFound = () => apiError(404, 'sip_connection_not_found', 'No such SIP connection in this project.');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'telephony.read');
  const id = params.connectionId;
  if (!isUuid(id)) return notFound();
  return answerServiceErrors(async () => Response.json(await getSipConnection(projectId, id)));
}

/** PATCH changes what is sent (a password sent replaces the stored one); DELETE removes it. Both apply live. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'telephony.manage');
  const id = params.connectionId;
  if (!isUuid(id)) return notFound();
  const ctx = serviceContext(request, access);
  if (request.method === 'PATCH') {
    const parsed = await parseJsonBody(request, updateSipConnectionInput);
    if (!parsed.ok) return parsed.response;
    return answerServiceErrors(async () => Response.json(await updateSipConnection(ctx, id, parsed.data)));
  }
  if (request.method === 'DELETE') {
    return answerServiceErrors(async () => {
      await deleteSipConnection(ctx, id);
      return new Response(null, { status: 204 });
    });
  }
  return apiError(405, 'method_not_allowed', 'Use PATCH to change the connection or DELETE to remove it.');
}
