import type { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { isUuid } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db, type Db } from '../db.ts';
import { activityNotFound, invalidFields } from './crm-errors.ts';
import type { ActivityInput, ActivityListQuery } from './crm-inputs.ts';
import { toActivityView, type ActivityView } from './crm-views.ts';

/** The start of the next day in the person's time zone (offset in minutes east of UTC). */
function endOfToday(now: Date, tzOffsetMinutes: number): Date {
  const local = new Date(now.getTime() + tzOffsetMinutes * 60_000);
  local.setUTCHours(24, 0, 0, 0);
  return new Date(local.getTime() - tzOffsetMinutes * 60_000);
}

export async function listActivities(
  projectId: string,
  query: ActivityListQuery,
  now = new Date(),
): Promise<{ activities: ActivityView[]; nextCursor: string | null }> {
  const where: Prisma.CrmActivityWhereInput = { projectId };
  if (query.contactId) where.contactId = query.contactId;
  if (query.dealId) where.dealId = query.dealId;
  if (query.type) where.type = query.type;
  let orderBy: Prisma.CrmActivityOrderByWithRelationInput[] = [{ occurredAt: 'desc' }, { id: 'desc' }];
  if (query.due) {
    where.type = 'task';
    where.doneAt = null;
    if (query.due === 'today') where.dueAt = { lt: endOfToday(now, query.tzOffsetMinutes) };
    if (query.due === 'overdue') where.dueAt = { lt: now };
    orderBy = [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }];
  } else if (query.cursor) {
    const at = await db().crmActivity.findFirst({
      where: { id: query.cursor, projectId },
      select: { occurredAt: true, id: true },
    });
    if (at)
      where.OR = [{ occurredAt: { lt: at.occurredAt } }, { occurredAt: at.occurredAt, id: { lt: at.id } }];
  }
  const rows = await db().crmActivity.findMany({ where, orderBy, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    activities: page.map(toActivityView),
    nextCursor: !query.due && rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

async function checkLinks(projectId: string, contactId: string | null, dealId: string | null, client: Db) {
  if (
    contactId &&
    !(await client.crmContact.findFirst({ where: { id: contactId, projectId }, select: { id: true } }))
  )
    throw invalidFields({ contactId: ['must be a contact of this project'] });
  if (dealId) {
    const deal = await client.crmDeal.findFirst({
      where: { id: dealId, projectId },
      select: { contactId: true },
    });
    if (!deal) throw invalidFields({ dealId: ['must be a deal of this project'] });
    return deal.contactId;
  }
  return contactId;
}

/** A note, task or message on a contact's (or deal's) timeline; a deal's contact sees it too. */
export async function addActivity(
  ctx: ServiceContext | null,
  projectId: string,
  input: ActivityInput,
  authorId: string | null,
  client: Db = db(),
): Promise<ActivityView> {
  if (!input.contactId && !input.dealId) throw invalidFields({ contactId: ['name a contact or a deal'] });
  if (input.type === 'task' && !input.title && !input.body)
    throw invalidFields({ title: ['must not be empty'] });
  if (input.type !== 'task' && !input.body) throw invalidFields({ body: ['must not be empty'] });
  const contactId = await checkLinks(projectId, input.contactId, input.dealId, client);
  const row = await client.crmActivity.create({
    data: {
      projectId,
      contactId,
      dealId: input.dealId,
      type: input.type,
      title: input.title,
      body: input.body,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      authorId,
    },
  });
  if (contactId)
    await client.crmContact.update({ where: { id: contactId }, data: { lastActivityAt: row.occurredAt } });
  if (ctx)
    await auditAs(ctx, {
      action: `crm.${input.type}.create`,
      targetType: 'crm_activity',
      targetId: row.id,
      diff: { after: { contactId, dealId: input.dealId } },
    });
  return toActivityView(row);
}

export async function updateActivity(
  ctx: ServiceContext,
  activityId: string,
  patch: {
    done?: boolean | undefined;
    title?: string | undefined;
    body?: string | undefined;
    dueAt?: string | null | undefined;
  },
): Promise<ActivityView> {
  const { projectId } = ctx.access;
  if (!isUuid(activityId)) throw activityNotFound();
  const before = await db().crmActivity.findFirst({ where: { id: activityId, projectId } });
  if (!before) throw activityNotFound();
  if (before.type === 'call' || before.type === 'stage_change')
    throw invalidFields({ _: ['calls and stage changes are records: they cannot be edited'] });
  const row = await db().crmActivity.update({
    where: { id: before.id },
    data: {
      ...(patch.done !== undefined ? { doneAt: patch.done ? (before.doneAt ?? new Date()) : null } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.body !== undefined ? { body: patch.body } : {}),
      ...(patch.dueAt !== undefined ? { dueAt: patch.dueAt ? new Date(patch.dueAt) : null } : {}),
    },
  });
  await auditAs(ctx, {
    action: 'crm.activity.update',
    targetType: 'crm_activity',
    targetId: row.id,
    diff: { after: { changed: Object.keys(patch) } },
  });
  return toActivityView(row);
}

export async function deleteActivity(ctx: ServiceContext, activityId: string): Promise<void> {
  const { projectId } = ctx.access;
  if (!isUuid(activityId)) throw activityNotFound();
  const before = await db().crmActivity.findFirst({ where: { id: activityId, projectId } });
  if (!before) throw activityNotFound();
  await db().crmActivity.delete({ where: { id: before.id } });
  await auditAs(ctx, {
    action: 'crm.activity.delete',
    targetType: 'crm_activity',
    targetId: before.id,
    diff: { before: { type: before.type } },
  });
}
