import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { reauthorizeBitrix24 } from '~/.server/integrations/bitrix24-oauth-flow.server';

/** POST answers a fresh address of the portal's consent screen for an OAuth connection (to authorize again). */
export const action = projectApiAction(
  { permission: 'credentials.manage', ids: { integrationId: MISSING.integration } },
  { POST: async ({ ctx, ids }) => Response.json(await reauthorizeBitrix24(ctx, ids.integrationId)) },
);
