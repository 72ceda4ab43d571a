import { apiError } from '../api/api-error.ts';
import { db } from '../db.ts';
import { getUser, type SessionUser } from '../auth/session.server.ts';
import { can, type Permission, type Role } from './permissions.ts';

export interface ProjectAccess {
  user: SessionUser;
  projectId: string;
  role: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * For API routes: the caller must be signed in (401), a member of the project (404, so non-members cannot
 * even learn that it exists) and hold the permission (403). Throws the JSON error response otherwise.
 */
export async function requireProjectPermission(
  request: Request,
  projectId: string | undefined,
  permission: Permission,
): Promise<ProjectAccess> {
  const user = await getUser(request);
  if (!user)
    throw apiError(401, 'unauthenticated', 'Sign in, or send a valid access token as Authorization: Bearer.');
  const notFound = () => apiError(404, 'project_not_found', 'No such project.');
  if (!projectId || !UUID.test(projectId)) throw notFound();
  const membership = await db().membership.findUnique({
    where: { userId_projectId: { userId: user.id, projectId } },
    select: { role: true },
  });
  if (!membership) throw notFound();
  if (!can(membership.role, permission)) {
    throw apiError(403, 'forbidden', `Your role (${membership.role}) does not allow this (${permission}).`);
  }
  return { user, projectId, role: membership.role };
}

/** For API routes that need only a signed-in user (no project). */
export async function requireApiUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user)
    throw apiError(401, 'unauthenticated', 'Sign in, or send a valid access token as Authorization: Bearer.');
  return user;
}
