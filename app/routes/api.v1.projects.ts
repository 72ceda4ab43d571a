import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireApiUser } from '~/.server/access/project-access.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { appendAudit } from '~/.server/audit/audit-log.server';
import { clientInfo } from '~/.server/auth/client-info.server';
import { db } from '~/.server/db';

export const guard: RouteGuard = 'signed-in';

/** Guard: every signed-in user lists their own projects and may create one (and becomes its owner). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  const memberships = await db().membership.findMany({
    where: { userId: user.id },
    include: { project: { select: { id: true, name: true, createdAt: true } } },
    orderBy: { project: { name: 'asc' } },
  });
  return Response.json({
    projects: memberships.map((m) => ({
      id: m.project.id,
      name: m.project.name,
      role: m.role,
      createdAt: m.project.createdAt,
    })),
  });
}

const createBody = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
});

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to create a project.');
  const user = await requireApiUser(request);
  const parsed = await parseJsonBody(request, createBody);
  if (!parsed.ok) return parsed.response;
  const project = await db().$transaction(async (tx) => {
    const created = await tx.project.create({ data: { name: parsed.data.name } });
    await tx.membership.create({ data: { projectId: created.id, userId: user.id, role: 'owner' } });
    return created;
  });
  const client = clientInfo(request);
  await appendAudit(db(), {
    projectId: project.id,
    actorUserId: user.id,
    action: 'project.create',
    targetType: 'project',
    targetId: project.id,
    diff: { after: { name: project.name } },
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return Response.json(
    { id: project.id, name: project.name, role: 'owner', createdAt: project.createdAt },
    { status: 201 },
  );
}
