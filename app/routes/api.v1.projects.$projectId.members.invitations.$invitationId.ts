import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { revokeInvitation } from '~/.server/members/invitations.server';

export const guard: RouteGuard = 'members.manage';

/** DELETE revokes a pending invitation: its link stops working. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'members.manage');
  if (request.method !== 'DELETE') return apiError(405, 'method_not_allowed', 'Use DELETE to revoke.');
  const invitationId = params.invitationId;
  if (!isUuid(invitationId))
    return apiError(404, 'invitation_not_found', 'No such invitation in this project.');
  return answerServiceErrors(async () => {
    await revokeInvitation(serviceContext(request, access), invitationId);
    return new Response(null, { status: 204 });
  });
}
