import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { changeMemberRole, changeRoleInput, removeMember } from '~/.server/members/members.server';

/** PATCH `{role}` changes a member's role; DELETE removes them. The last owner stays. */
export const action = projectApiAction(
  { permission: 'members.manage', ids: { userId: MISSING.member } },
  {
    PATCH: async ({ request, ctx, ids }) => {
      const { role } = await jsonBody(request, changeRoleInput);
      return Response.json(await changeMemberRole(ctx, ids.userId, role));
    },
    DELETE: async ({ ctx, ids }) => {
      await removeMember(ctx, ids.userId);
      return new Response(null, { status: 204 });
    },
  },
);
