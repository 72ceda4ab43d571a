import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { publicUrl } from '~/.server/http/public-url';
import { listMembers } from '~/.server/members/members.server';
import {
  createInvitation,
  createInvitationInput,
  invitationPath,
  listPendingInvitations,
} from '~/.server/members/invitations.server';

export const guard: RouteGuard = 'members.read';
export const actionGuard: RouteGuard = 'members.manage';

/** Members with their roles, and the invitations still waiting to be accepted. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'members.read');
  const [members, invitations] = await Promise.all([
    listMembers(projectId),
    listPendingInvitations(projectId),
  ]);
  return Response.json({ members, invitations });
}

/** POST: invite by link. The link (with its token) is in this answer only. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'members.manage');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to invite a member.');
  const parsed = await parseJsonBody(request, createInvitationInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () => {
    const { invitation, token } = await createInvitation(serviceContext(request, access), parsed.data);
    const url = publicUrl(invitationPath(token));
    return Response.json({ invitation, token, url }, { status: 201 });
  });
}
