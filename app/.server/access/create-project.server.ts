import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.server.ts';
import { db } from '../db.ts';

export const createProjectInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
});

/** Creates a project with its creator as owner, audited. */
export async function createProject(
  userId: string,
  name: string,
  client: { ip: string; userAgent: string },
): Promise<{ id: string; name: string; createdAt: Date }> {
  const project = await db().$transaction(async (tx) => {
    const created = await tx.project.create({ data: { name } });
    await tx.membership.create({ data: { projectId: created.id, userId, role: 'owner' } });
    return created;
  });
  await appendAudit(db(), {
    projectId: project.id,
    actorUserId: userId,
    action: 'project.create',
    targetType: 'project',
    targetId: project.id,
    diff: { after: { name: project.name } },
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return project;
}
