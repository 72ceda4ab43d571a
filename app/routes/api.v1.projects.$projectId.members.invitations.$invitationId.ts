import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { revokeInvitation } from '~/.server/members/invitations.server';

/** DELETE revokes a pending invitation: its link stops working. */
export const action = projectApiAction(
  { permission: 'members.manage', ids: { invitationId: MISSING.invitation } },
  {
    DELETE: async ({ ctx, ids }) => {
      await revokeInvitation(ctx, ids.invitationId);
      return new Response(null, { status: 204 });
    },
  },
);
