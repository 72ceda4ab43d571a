import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiError } from '~/.server/api/api-error';
import { getUser } from '~/.server/auth/session.server';

export const guard: RouteGuard = 'signed-in';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user)
    return apiError(
      401,
      'unauthenticated',
      'Sign in, or send a valid access token as Authorization: Bearer.',
    );
  return Response.json(user, { headers: { 'Cache-Control': 'no-store' } });
}
