import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { integrationInput } from '~/lib/integrations/integration-input';
import { createIntegration, listIntegrations } from '~/.server/integrations/integrations.server';

/** The project's CRM connections with their health (never a secret). */
export const loader = projectApiLoader({ permission: 'crm.read' }, async ({ access }) =>
  Response.json({ integrations: await listIntegrations(access.projectId) }),
);

/** POST connects Bitrix24 by its incoming webhook URL (sealed; only the portal's host is answered). */
export const action = projectApiAction(
  { permission: 'credentials.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createIntegration(ctx, await jsonBody(request, integrationInput)), { status: 201 }),
  },
);
