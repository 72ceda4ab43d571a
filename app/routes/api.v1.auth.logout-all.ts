import { signOutEverywhere } from '~/.server/auth/refresh-session.server';
import { userApiAction } from '~/.server/http/api-route';

/** POST: ends every session of the caller, on every device; access tokens stop working at once. */
export const action = userApiAction({
  POST: async ({ request, user }) => {
    const headers = new Headers();
    for (const c of await signOutEverywhere(request, user.id)) headers.append('Set-Cookie', c);
    return new Response(null, { status: 204, headers });
  },
});
