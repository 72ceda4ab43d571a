import { createDeal, listDeals } from '~/.server/crm/deals.server';
import { dealInput, dealListQuery } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';

/** Deals by stage and board order (the kanban reads one pipeline's). */
export const loader = projectApiLoader({ permission: 'crm.read' }, async ({ request, access }) =>
  Response.json({ deals: await listDeals(access.projectId, queryInput(request, dealListQuery)) }),
);

export const action = projectApiAction(
  { permission: 'crm.edit' },
  {
    POST: async ({ request, ctx, access }) =>
      Response.json(
        { deal: await createDeal(ctx, access.projectId, await jsonBody(request, dealInput)) },
        { status: 201 },
      ),
  },
);
