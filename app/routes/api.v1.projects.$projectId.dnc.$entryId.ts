import { removeDnc } from '~/.server/compliance/dnc.server';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** DELETE takes a number off the list (audited). */
export const action = projectApiAction(
  { permission: 'campaigns.manage', ids: { entryId: MISSING.dncEntry } },
  {
    DELETE: async ({ ctx, ids }) => {
      await removeDnc(ctx, ids.entryId);
      return new Response(null, { status: 204 });
    },
  },
);
