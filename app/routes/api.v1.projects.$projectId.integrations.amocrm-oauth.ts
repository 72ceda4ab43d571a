import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { startAmoCrmOAuth } from '~/.server/integrations/amocrm-oauth-flow.server';
import { amoCrmOAuthInput } from '~/lib/integrations/integration-input';

/**
 * POST starts connecting amoCRM by OAuth: the integration's secret key is sealed, the connection waits for
 * authorization, and the answer says where to send the person's browser (amoCRM's consent screen).
 */
export const action = projectApiAction(
  { permission: 'credentials.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await startAmoCrmOAuth(ctx, await jsonBody(request, amoCrmOAuthInput)), {
        status: 201,
      }),
  },
);
