import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { reauthorizeAmoCrm } from '~/.server/integrations/amocrm-oauth-flow.server';
import { reauthorizeBitrix24 } from '~/.server/integrations/bitrix24-oauth-flow.server';
import { reauthorizeGoogleCalendar } from '~/.server/integrations/google-calendar-oauth-flow.server';
import { integrationProvider } from '~/.server/integrations/integrations.server';

/**
 * POST answers a fresh address of the CRM's consent screen for an OAuth connection (Bitrix24's portal, amoCRM
 * or Google), to authorize it again.
 */
export const action = projectApiAction(
  { permission: 'credentials.manage', ids: { integrationId: MISSING.integration } },
  {
    POST: async ({ ctx, ids }) => {
      const provider = await integrationProvider(ctx.access.projectId, ids.integrationId);
      return Response.json(
        provider === 'amocrm'
          ? await reauthorizeAmoCrm(ctx, ids.integrationId)
          : provider === 'google_calendar'
            ? await reauthorizeGoogleCalendar(ctx, ids.integrationId)
            : await reauthorizeBitrix24(ctx, ids.integrationId),
      );
    },
  },
);
