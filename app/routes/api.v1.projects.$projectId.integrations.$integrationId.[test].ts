import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { testIntegration } from '~/.server/integrations/integrations.server';

/** POST makes one harmless request to the CRM (Bitrix24 `profile`); its line lands in the log either way. */
export const action = projectApiAction(
  { permission: 'credentials.manage', ids: { integrationId: MISSING.integration } },
  { POST: async ({ ctx, ids }) => Response.json(await testIntegration(ctx, ids.integrationId)) },
);
