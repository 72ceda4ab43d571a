import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { validationError } from '~/.server/api/api-error';
import { db } from '~/.server/db';

export const guard: RouteGuard = 'audit.read';

const query = z.object({
  action: z.string().max(100).optional(),
  actorUserId: z.uuid('must be a user id').optional(),
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** The id of the last entry of the previous page. */
  cursor: z.string().regex(/^\d+$/, 'must be the nextCursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Guard: audit.read. Newest first; entries of this project only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'audit.read');
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return validationError(parsed.error);
  const q = parsed.data;
  const rows = await db().auditLog.findMany({
    where: {
      projectId,
      ...(q.action ? { action: q.action } : {}),
      ...(q.actorUserId ? { actorUserId: q.actorUserId } : {}),
      ...(q.from || q.to
        ? {
            createdAt: {
              ...(q.from ? { gte: new Date(q.from) } : {}),
              ...(q.to ? { lt: new Date(q.to) } : {}),
            },
          }
        : {}),
      ...(q.cursor ? { id: { lt: BigInt(q.cursor) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return Response.json({
    entries: page.map((r) => ({
      id: String(r.id),
      action: r.action,
      actorUserId: r.actorUserId,
      actorType: r.actorType,
      targetType: r.targetType,
      targetId: r.targetId,
      diff: r.diff,
      ip: r.ip,
      userAgent: r.userAgent,
      createdAt: r.createdAt,
    })),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  });
}
