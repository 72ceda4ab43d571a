import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { startGoogleCalendarOAuth } from '~/.server/integrations/google-calendar-oauth-flow.server';
import { googleCalendarOAuthInput } from '~/lib/integrations/integration-input';

/**
 * POST starts connecting a Google Calendar by OAuth: the client's secret is sealed, the connection waits for
 * authorization, and the answer says where to send the person's browser (Google's consent screen).
 */
export const action = projectApiAction(
  { permission: 'credentials.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await startGoogleCalendarOAuth(ctx, await jsonBody(request, googleCalendarOAuthInput)), {
        status: 201,
      }),
  },
);
