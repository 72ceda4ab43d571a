import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { refreshSession } from '~/.server/auth/refresh-session.server';
import { safeRedirectPath } from '~/.server/http/safe-redirect';
import { publicRoute } from '~/.server/http/route-guard';

/** Pages land here when their access token has expired; a fresh pair is issued and the page reloads. */
export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const to = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'), '/app');
  const { result, setCookies } = await refreshSession(request);
  const headers = new Headers();
  for (const c of setCookies) headers.append('Set-Cookie', c);
  if (!result.ok) return redirect(`/login?redirectTo=${encodeURIComponent(to)}`, { headers });
  return redirect(to, { headers });
});
