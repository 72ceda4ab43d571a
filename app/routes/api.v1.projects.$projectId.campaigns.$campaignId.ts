import { updateCampaignInput } from '~/.server/campaigns/campaign-input';
import { deleteCampaign, getCampaign, updateCampaign } from '~/.server/campaigns/campaigns.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { campaignId: MISSING.campaign };

export const loader = projectApiLoader({ permission: 'campaigns.read', ids }, async ({ access, ids }) =>
  Response.json(await getCampaign(access.projectId, ids.campaignId)),
);

/** PATCH changes a draft or paused campaign; DELETE removes one that is not running. */
export const action = projectApiAction(
  { permission: 'campaigns.manage', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateCampaign(ctx, ids.campaignId, await jsonBody(request, updateCampaignInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteCampaign(ctx, ids.campaignId);
      return new Response(null, { status: 204 });
    },
  },
);
