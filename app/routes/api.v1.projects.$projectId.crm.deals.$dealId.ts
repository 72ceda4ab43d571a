import { deleteDeal, getDeal, updateDeal } from '~/.server/crm/deals.server';
import { dealPatch } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { dealId: MISSING.deal };

export const loader = projectApiLoader({ permission: 'crm.read', ids }, async ({ access, ids }) =>
  Response.json({ deal: await getDeal(access.projectId, ids.dealId) }),
);

/** PATCH changes the deal; a new `stageId` (with `beforeId` for the board's order) logs a stage change. */
export const action = projectApiAction(
  { permission: 'crm.edit', ids },
  {
    PATCH: async ({ request, ctx, access, ids }) =>
      Response.json({
        deal: await updateDeal(ctx, access.projectId, ids.dealId, await jsonBody(request, dealPatch), {
          authorId: access.user?.id ?? null,
        }),
      }),
    DELETE: async ({ ctx, ids }) => {
      await deleteDeal(ctx, ids.dealId);
      return new Response(null, { status: 204 });
    },
  },
);
