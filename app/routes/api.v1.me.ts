import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiUser } from '~/.server/access/project-access.server';

export const guard: RouteGuard = 'signed-in';

/** The signed-in person (API keys are machines and get 403 here). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  return Response.json(user, { headers: { 'Cache-Control': 'no-store' } });
}
