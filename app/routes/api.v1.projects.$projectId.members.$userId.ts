import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { changeMemberRole, changeRoleInput, removeMember } from '~/.server/members/members.server';

export const guard: RouteGuard = 'members.manage';

/** PATCH `{role}` changes a member's role; DELETE removes them. The last owner stays. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'members.manage');
  const userId = params.userId;
  if (!isUuid(userId)) return apiError(404, 'member_not_found', 'No such member in this project.');
  const ctx = serviceContext(request, access);
  if (request.method === 'PATCH') {
    const parsed = await parseJsonBody(request, changeRoleInput);
    if (!parsed.ok) return parsed.response;
    return answerServiceErrors(async () =>
      Response.json(await changeMemberRole(ctx, userId, parsed.data.role)),
    );
  }
  if (request.method === 'DELETE') {
    return answerServiceErrors(async () => {
      await removeMember(ctx, userId);
      return new Response(null, { status: 204 });
    });
  }
  return apiError(405, 'method_not_allowed', 'Use PATCH to change the role or DELETE to remove the member.');
}
