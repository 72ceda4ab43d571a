import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { publicUrl } from '~/.server/http/public-url';
import { listMembers } from '~/.server/members/members.server';
import {
  createInvitation,
  createInvitationInput,
  invitationPath,
  listPendingInvitations,
} from '~/.server/members/invitations.server';

/** Members with their roles, and the invitations still waiting to be accepted. */
export const loader = projectApiLoader({ permission: 'members.read' }, async ({ access }) => {
  const [members, invitations] = await Promise.all([
    listMembers(access.projectId),
    listPendingInvitations(access.projectId),
  ]);
  return Response.json({ members, invitations });
});

/** POST: invite by link. The link (with its token) is in this answer only. */
export const action = projectApiAction(
  { permission: 'members.manage' },
  {
    POST: async ({ request, ctx }) => {
      const { invitation, token } = await createInvitation(
        ctx,
        await jsonBody(request, createInvitationInput),
      );
      return Response.json({ invitation, token, url: publicUrl(invitationPath(token)) }, { status: 201 });
    },
  },
);
