import { createCampaignInput } from '~/.server/campaigns/campaign-input';
import { createCampaign, listCampaigns } from '~/.server/campaigns/campaigns.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

/** The project's campaigns with their status and progress. */
export const loader = projectApiLoader({ permission: 'campaigns.read' }, async ({ access }) =>
  Response.json({ campaigns: await listCampaigns(access.projectId) }),
);

/** POST creates a draft campaign (contacts are added next, then it is started). */
export const action = projectApiAction(
  { permission: 'campaigns.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createCampaign(ctx, await jsonBody(request, createCampaignInput)), { status: 201 }),
  },
);
