import { requireUser } from '../auth/session.server.ts';
import { db } from '../db.ts';
import { can, type Permission } from './permissions.ts';
import { isUuid, type ProjectAccess } from './project-access.server.ts';

/**
 * For pages: like requireProjectPermission, but a missing session redirects to sign-in, and a project the
 * user is not a member of is a plain 404 page (403 when the role lacks the permission).
 */
export async function requireProjectPage(
  request: Request,
  projectId: string | undefined,
  permission: Permission,
): Promise<ProjectAccess & { projectName: string }> {
  const user = await requireUser(request);
  if (!isUuid(projectId)) throw new Response('Not found', { status: 404 });
  const membership = await db().membership.findUnique({
    where: { userId_projectId: { userId: user.id, projectId } },
    select: { role: true, project: { select: { name: true } } },
  });
  if (!membership) throw new Response('Not found', { status: 404 });
  if (!can(membership.role, permission)) throw new Response('Forbidden', { status: 403 });
  return {
    actor: { type: 'user', id: user.id, user },
    user,
    projectId,
    role: membership.role,
    projectName: membership.project.name,
  };
}
