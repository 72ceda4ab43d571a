/** The four lifecycle routes (start, pause, resume, cancel) are one handler each, made here. */
import { projectApiAction } from '../http/api-route.ts';
import { MISSING } from '../http/missing.ts';
import { moveCampaign, type LifecycleAction } from './campaigns.server.ts';

export function lifecycleAction(move: LifecycleAction) {
  return projectApiAction(
    { permission: 'campaigns.manage', ids: { campaignId: MISSING.campaign } },
    { POST: async ({ ctx, ids }) => Response.json(await moveCampaign(ctx, ids.campaignId, move)) },
  );
}
