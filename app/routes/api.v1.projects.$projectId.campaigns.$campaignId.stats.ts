import { campaignStats } from '~/.server/campaigns/campaign-stats.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** Contacts by status, attempts by outcome, refusals by reason, calls over time by outcome. */
export const loader = projectApiLoader(
  { permission: 'campaigns.read', ids: { campaignId: MISSING.campaign } },
  async ({ access, ids }) => Response.json(await campaignStats(access.projectId, ids.campaignId)),
);
