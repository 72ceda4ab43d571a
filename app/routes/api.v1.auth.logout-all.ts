import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { requireApiUser } from '~/.server/access/project-access.server';
import { apiError } from '~/.server/api/api-error';
import { signOutEverywhere } from '~/.server/auth/refresh-session.server';

export const guard: RouteGuard = 'signed-in';

/** POST: ends every session of the caller, on every device; access tokens stop working at once. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST.');
  const user = await requireApiUser(request);
  const headers = new Headers();
  for (const c of await signOutEverywhere(request, user.id)) headers.append('Set-Cookie', c);
  return new Response(null, { status: 204, headers });
}
