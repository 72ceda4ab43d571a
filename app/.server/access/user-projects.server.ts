import type { Role } from './permissions.ts';
import { db } from '../db.ts';

export interface UserProject {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** The projects a user belongs to, with their role, by name. */
export async function userProjects(userId: string): Promise<UserProject[]> {
  const rows = await db().membership.findMany({
    where: { userId },
    select: { role: true, project: { select: { id: true, name: true, createdAt: true } } },
    orderBy: { project: { name: 'asc' } },
  });
  return rows.map((m) => ({
    id: m.project.id,
    name: m.project.name,
    role: m.role,
    createdAt: m.project.createdAt,
  }));
}

/** The project a user opened last, while they are still a member of it. */
export async function lastOpenedProject(userId: string): Promise<string | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { lastProjectId: true } });
  if (!user?.lastProjectId) return null;
  const member = await db().membership.findUnique({
    where: { userId_projectId: { userId, projectId: user.lastProjectId } },
    select: { id: true },
  });
  return member ? user.lastProjectId : null;
}

/** Remembers the project a user opens, so the next sign-in opens it again (written only when it changes). */
export async function rememberOpenedProject(userId: string, projectId: string): Promise<void> {
  await db().user.updateMany({
    where: { id: userId, OR: [{ lastProjectId: null }, { lastProjectId: { not: projectId } }] },
    data: { lastProjectId: projectId },
  });
}

/** A project as its members see it: id, name, creation date. */
export function projectSummary(projectId: string) {
  return db().project.findUniqueOrThrow({
    where: { id: projectId },
    select: { id: true, name: true, createdAt: true },
  });
}
