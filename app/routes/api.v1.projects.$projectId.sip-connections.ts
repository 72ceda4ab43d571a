import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { PROVIDER_PRESETS } from '~/.server/telephony/provider-presets';
import { createSipConnectionInput } from '~/.server/telephony/sip-connection-input';
import { createSipConnection, listSipConnections } from '~/.server/telephony/sip-connections.server';

export const guard: RouteGuard = 'telephony.read';
export const actionGuard: RouteGuard = 'telephony.manage';

/** The project's SIP connections with live registration status, and the provider presets. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'telephony.read');
  return Response.json({
    connections: await listSipConnections(projectId),
    presets: Object.values(PROVIDER_PRESETS),
  });
}

/** POST creates a connection; the password is sealed and only ever shown as set (a fixed mask). */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'telephony.manage');
  if (request.method !== 'POST')
    return apiError(405, 'method_not_allowed', 'Use POST to create a SIP connection.');
  const parsed = await parseJsonBody(request, createSipConnectionInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(await createSipConnection(serviceContext(request, access), parsed.data), {
      status: 201,
    }),
  );
}
