import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { startBitrix24OAuth } from '~/.server/integrations/bitrix24-oauth-flow.server';
import { bitrix24OAuthInput } from '~/lib/integrations/integration-input';

/**
 * POST starts connecting Bitrix24 by OAuth: the application's secret is sealed, the connection waits for
 * authorization, and the answer says where to send the person's browser (the portal's consent screen).
 */
export const action = projectApiAction(
  { permission: 'credentials.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await startBitrix24OAuth(ctx, await jsonBody(request, bitrix24OAuthInput)), {
        status: 201,
      }),
  },
);
