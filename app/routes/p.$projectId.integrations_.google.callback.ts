import { redirect } from '@remix-run/node';
import { projectLoader } from '~/.server/http/project-route';
import {
  finishGoogleCalendarOAuth,
  googleCallbackQuery,
} from '~/.server/integrations/google-calendar-oauth-flow.server';
import { OAuthFlowError } from '~/.server/integrations/oauth-state.server';

/**
 * Google's redirect back after the admin allowed (or refused) access to the calendar: the connection is
 * finished here and the browser returns to the Integrations screen, which says in words how it went.
 */
export const loader = projectLoader(
  { permission: 'credentials.manage' },
  async ({ request, ctx, access }) => {
    const back = new URL(`/p/${access.projectId}/integrations?provider=google`, request.url);
    const query = googleCallbackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    try {
      if (!query.success) throw new OAuthFlowError('bad_state', 'an unreadable callback');
      const integration = await finishGoogleCalendarOAuth(ctx, query.data);
      back.searchParams.set('connected', integration.id);
    } catch (e) {
      if (!(e instanceof OAuthFlowError)) throw e;
      back.searchParams.set('oauthError', e.reason);
    }
    return redirect(`${back.pathname}${back.search}`);
  },
);
