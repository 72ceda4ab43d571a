import type { RouteGuard } from '~/.server/access/permissions';
import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/.server/auth/session.server';
import { db } from '~/.server/db';

export const guard: RouteGuard = 'signed-in';

/** After sign-in: straight into the project opened last (if still a member), else the project picker. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const last = await db().user.findUnique({ where: { id: user.id }, select: { lastProjectId: true } });
  if (last?.lastProjectId) {
    const member = await db().membership.findUnique({
      where: { userId_projectId: { userId: user.id, projectId: last.lastProjectId } },
      select: { id: true },
    });
    if (member) throw redirect(`/p/${last.lastProjectId}`);
  }
  throw redirect('/projects');
}
