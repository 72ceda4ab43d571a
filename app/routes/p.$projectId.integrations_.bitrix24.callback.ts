import { redirect } from '@remix-run/node';
import { projectLoader } from '~/.server/http/project-route';
import {
  Bitrix24OAuthError,
  callbackQuery,
  finishBitrix24OAuth,
} from '~/.server/integrations/bitrix24-oauth-flow.server';

/**
 * Bitrix24's redirect back after the admin allowed (or denied) the application: the connection is finished
 * here and the browser returns to the Integrations screen, which says in words how it went.
 */
export const loader = projectLoader(
  { permission: 'credentials.manage' },
  async ({ request, ctx, access }) => {
    const back = new URL(`/p/${access.projectId}/integrations`, request.url);
    const query = callbackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    try {
      if (!query.success) throw new Bitrix24OAuthError('bad_state', 'an unreadable callback');
      const integration = await finishBitrix24OAuth(ctx, query.data);
      back.searchParams.set('connected', integration.id);
    } catch (e) {
      if (!(e instanceof Bitrix24OAuthError)) throw e;
      back.searchParams.set('oauthError', e.reason);
    }
    return redirect(`${back.pathname}${back.search}`);
  },
);
