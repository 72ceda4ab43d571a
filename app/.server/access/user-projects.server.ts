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
