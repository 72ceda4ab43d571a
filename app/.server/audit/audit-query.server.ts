import { z } from 'zod';
import { db } from '../db.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';

export const auditQuery = z.object({
  /** An exact action (`member.invite`) or a family (`member.*`). */
  action: z
    .string()
    .max(100)
    .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, 'must be an action such as member.invite, or member.*')
    .optional(),
  actorUserId: z.uuid('must be a user id').optional(),
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** The id of the last entry of the previous page. */
  cursor: z.string().regex(/^\d+$/, 'must be the nextCursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/** The CSV export takes the same filters, without paging. */
export const auditExportQuery = auditQuery.omit({ cursor: true, limit: true });

export interface AuditEntryView {
  id: string;
  action: string;
  actorUserId: string | null;
  actorType: string;
  /** The actor's email (users) or key name (API keys), when it still exists. */
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  diff: unknown;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

function whereOf(projectId: string, q: Omit<AuditQuery, 'limit'>) {
  return {
    projectId,
    ...(q.action
      ? q.action.endsWith('.*')
        ? { action: { startsWith: q.action.slice(0, -1) } }
        : { action: q.action }
      : {}),
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
  };
}

/** One page of a project's audit log, newest first, with who acted resolved to a readable label. */
export async function queryAuditLog(
  projectId: string,
  q: AuditQuery,
): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
  const rows = await db().auditLog.findMany({
    where: whereOf(projectId, q),
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const actorIds = (type: string) => [
    ...new Set(page.flatMap((r) => (r.actorType === type && r.actorUserId ? [r.actorUserId] : []))),
  ];
  const userIds = actorIds('user');
  const keyIds = actorIds('api_key');
  const [users, keys] = await Promise.all([
    userIds.length
      ? db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })
      : [],
    keyIds.length
      ? db().apiKey.findMany({ where: { id: { in: keyIds }, projectId }, select: { id: true, name: true } })
      : [],
  ]);
  const labels = new Map<string, string>([
    ...users.map((u) => [u.id, u.email] as const),
    ...keys.map((k) => [k.id, k.name] as const),
  ]);
  return {
    entries: page.map((r) => ({
      id: String(r.id),
      action: r.action,
      actorUserId: r.actorUserId,
      actorType: r.actorType,
      actorLabel: r.actorUserId ? (labels.get(r.actorUserId) ?? null) : null,
      targetType: r.targetType,
      targetId: r.targetId,
      diff: r.diff,
      ip: r.ip,
      userAgent: r.userAgent,
      createdAt: r.createdAt,
    })),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  };
}

const CSV_COLUMNS = [
  'id',
  'createdAt',
  'action',
  'actorType',
  'actor',
  'targetType',
  'targetId',
  'ip',
  'userAgent',
  'diff',
] as const;

/** RFC 4180 quoting; a leading =, +, - or @ is neutralised so spreadsheets never run a cell as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The whole filtered log as CSV, page by page, so a large export never sits in memory at once. */
export async function* auditCsv(
  projectId: string,
  q: Omit<AuditQuery, 'cursor' | 'limit'>,
): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  let cursor: string | undefined;
  for (;;) {
    const page = await queryAuditLog(projectId, { ...q, cursor, limit: 200 });
    for (const e of page.entries) {
      const cells = [
        e.id,
        e.createdAt.toISOString(),
        e.action,
        e.actorType,
        e.actorLabel ?? e.actorUserId ?? '',
        e.targetType ?? '',
        e.targetId ?? '',
        e.ip ?? '',
        e.userAgent ?? '',
        e.diff === null || e.diff === undefined ? '' : JSON.stringify(e.diff),
      ];
      yield `${cells.map(csvCell).join(',')}\r\n`;
    }
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** Starts an export of the filtered log: the export itself is audited first, then the CSV lines follow. */
export async function exportAuditLog(
  ctx: ServiceContext,
  filters: Omit<AuditQuery, 'cursor' | 'limit'>,
): Promise<AsyncGenerator<string>> {
  await auditAs(ctx, {
    action: 'audit.export',
    targetType: 'audit_log',
    diff: { after: { filters } },
  });
  return auditCsv(ctx.access.projectId, filters);
}
