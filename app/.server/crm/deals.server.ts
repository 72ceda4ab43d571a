import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { isUuid } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db, type Db } from '../db.ts';
import { checkFieldValues, checkOwner } from './contact-values.ts';
import { dealNotFound, invalidFields } from './crm-errors.ts';
import type { DealInput, DealPatch } from './crm-inputs.ts';
import { toDealView, type DealView } from './crm-views.ts';
import { ensureDefaultPipeline } from './pipelines.server.ts';

const withContact = { contact: { select: { name: true } } } as const;

export async function listDeals(
  projectId: string,
  query: {
    pipelineId?: string | undefined;
    stageId?: string | undefined;
    contactId?: string | undefined;
    offset?: number;
    limit: number;
  },
): Promise<DealView[]> {
  const rows = await db().crmDeal.findMany({
    where: {
      projectId,
      ...(query.pipelineId ? { pipelineId: query.pipelineId } : {}),
      ...(query.stageId ? { stageId: query.stageId } : {}),
      ...(query.contactId ? { contactId: query.contactId } : {}),
    },
    include: withContact,
    orderBy: [{ stageId: 'asc' }, { position: 'asc' }],
    skip: query.offset ?? 0,
    take: query.limit,
  });
  return rows.map(toDealView);
}

async function dealRow(projectId: string, dealId: string, client: Db = db()) {
  if (!isUuid(dealId)) throw dealNotFound();
  const row = await client.crmDeal.findFirst({ where: { id: dealId, projectId }, include: withContact });
  if (!row) throw dealNotFound();
  return row;
}

export const getDeal = async (projectId: string, dealId: string) =>
  toDealView(await dealRow(projectId, dealId));

async function checkContact(projectId: string, contactId: string | null | undefined, client: Db) {
  if (!contactId) return;
  const found = await client.crmContact.findFirst({
    where: { id: contactId, projectId },
    select: { id: true },
  });
  if (!found) throw invalidFields({ contactId: ['must be a contact of this project'] });
}

/** The stage (of the pipeline, or the first pipeline), checked to be the project's. */
async function resolveStage(
  projectId: string,
  pipelineId: string | undefined,
  stageId: string | undefined,
  client: Db,
) {
  if (stageId) {
    const stage = await client.crmStage.findFirst({ where: { id: stageId, projectId } });
    if (!stage || (pipelineId && stage.pipelineId !== pipelineId))
      throw invalidFields({ stageId: ['must be a stage of this project (and of the pipeline)'] });
    return stage;
  }
  const pipeline = pipelineId
    ? await client.crmPipeline.findFirst({ where: { id: pipelineId, projectId } })
    : await ensureDefaultPipeline(projectId, 'en', client);
  if (!pipeline) throw invalidFields({ pipelineId: ['must be a pipeline of this project'] });
  const first = await client.crmStage.findFirst({
    where: { pipelineId: pipeline.id },
    orderBy: { position: 'asc' },
  });
  if (!first) throw invalidFields({ pipelineId: ['has no stages'] });
  return first;
}

async function endOfStage(stageId: string, client: Db): Promise<number> {
  const last = await client.crmDeal.findFirst({
    where: { stageId },
    orderBy: { position: 'desc' },
    select: { position: true },
  });
  return (last?.position ?? 0) + 1024;
}

export async function createDeal(
  ctx: ServiceContext | null,
  projectId: string,
  input: DealInput,
  client: Db = db(),
): Promise<DealView> {
  await checkContact(projectId, input.contactId, client);
  await checkOwner(projectId, input.ownerId);
  const fields = await checkFieldValues(projectId, 'deal', input.fields);
  const stage = await resolveStage(projectId, input.pipelineId, input.stageId, client);
  const row = await client.crmDeal.create({
    data: {
      projectId,
      title: input.title,
      contactId: input.contactId,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      amount: input.amount === null ? null : new Prisma.Decimal(input.amount),
      currency: input.currency,
      ownerId: input.ownerId,
      closeDate: input.closeDate ? new Date(`${input.closeDate}T00:00:00Z`) : null,
      fields,
      position: await endOfStage(stage.id, client),
    },
    include: withContact,
  });
  if (ctx)
    await auditAs(ctx, {
      action: 'crm.deal.create',
      targetType: 'crm_deal',
      targetId: row.id,
      diff: { after: { stageId: stage.id } },
    });
  return toDealView(row);
}

/**
 * Changes a deal; a new stage (the board's drag and drop, or the Move deal node) writes a stage change on
 * the timeline. `beforeId` places it before that deal of the target stage, else at the end.
 */
export async function updateDeal(
  ctx: ServiceContext | null,
  projectId: string,
  dealId: string,
  patch: DealPatch,
  actor: { authorId: string | null } = { authorId: null },
  client: Db = db(),
): Promise<DealView> {
  const before = await dealRow(projectId, dealId, client);
  if (patch.contactId !== undefined) await checkContact(projectId, patch.contactId, client);
  if (patch.ownerId !== undefined) await checkOwner(projectId, patch.ownerId);
  const data: Prisma.CrmDealUncheckedUpdateInput = {};
  if (patch.title !== undefined) data.title = patch.title;
  if (patch.contactId !== undefined) data.contactId = patch.contactId;
  if (patch.amount !== undefined)
    data.amount = patch.amount === null ? null : new Prisma.Decimal(patch.amount);
  if (patch.currency !== undefined) data.currency = patch.currency;
  if (patch.ownerId !== undefined) data.ownerId = patch.ownerId;
  if (patch.closeDate !== undefined)
    data.closeDate = patch.closeDate ? new Date(`${patch.closeDate}T00:00:00Z`) : null;
  if (patch.fields)
    data.fields = {
      ...(before.fields as object),
      ...(await checkFieldValues(projectId, 'deal', patch.fields)),
    };
  let stageChange: { from: string; to: string; fromName: string; toName: string } | null = null;
  if (patch.stageId !== undefined || patch.beforeId !== undefined) {
    const stageId = patch.stageId ?? before.stageId;
    const stage = await client.crmStage.findFirst({
      where: { id: stageId, projectId, pipelineId: before.pipelineId },
    });
    if (!stage) throw invalidFields({ stageId: ['must be a stage of the deal’s pipeline'] });
    data.stageId = stage.id;
    data.position = await positionBefore(stage.id, patch.beforeId ?? null, before.id, client);
    if (stage.id !== before.stageId) {
      const from = await client.crmStage.findUnique({
        where: { id: before.stageId },
        select: { name: true },
      });
      stageChange = { from: before.stageId, to: stage.id, fromName: from?.name ?? '', toName: stage.name };
    }
  }
  const row = await client.crmDeal.update({ where: { id: before.id }, data, include: withContact });
  if (stageChange)
    await client.crmActivity.create({
      data: {
        projectId,
        contactId: row.contactId,
        dealId: row.id,
        type: 'stage_change',
        title: row.title,
        data: stageChange,
        authorId: actor.authorId,
      },
    });
  if (ctx)
    await auditAs(ctx, {
      action: 'crm.deal.update',
      targetType: 'crm_deal',
      targetId: row.id,
      diff: { after: { changed: Object.keys(patch), ...(stageChange ? { stageId: stageChange.to } : {}) } },
    });
  return toDealView(row);
}

/** A position between the neighbours (fractional ranks): a move rewrites only the moved deal. */
async function positionBefore(
  stageId: string,
  beforeId: string | null,
  selfId: string,
  client: Db,
): Promise<number> {
  if (!beforeId) {
    const last = await client.crmDeal.findFirst({
      where: { stageId, id: { not: selfId } },
      orderBy: { position: 'desc' },
      select: { position: true },
    });
    return (last?.position ?? 0) + 1024;
  }
  const next = await client.crmDeal.findFirst({
    where: { id: beforeId, stageId },
    select: { position: true },
  });
  if (!next) throw invalidFields({ beforeId: ['must be a deal of the target stage'] });
  const prev = await client.crmDeal.findFirst({
    where: { stageId, position: { lt: next.position }, id: { not: selfId } },
    orderBy: { position: 'desc' },
    select: { position: true },
  });
  return ((prev?.position ?? next.position - 2048) + next.position) / 2;
}

export async function deleteDeal(ctx: ServiceContext, dealId: string): Promise<void> {
  const before = await dealRow(ctx.access.projectId, dealId);
  await db().crmDeal.delete({ where: { id: before.id } });
  await auditAs(ctx, { action: 'crm.deal.delete', targetType: 'crm_deal', targetId: before.id, diff: {} });
}

/**
 * The board of one pipeline: each stage's first deals (in board order) with its count and amount. A stage
 * with thousands of deals shows its first page and loads more on demand, so the board opens at once.
 */
export async function dealBoard(projectId: string, pipelineId: string, perStage = 50) {
  const stages = await db().crmStage.findMany({
    where: { projectId, pipelineId },
    orderBy: { position: 'asc' },
  });
  const [columns, totals] = await Promise.all([
    Promise.all(
      stages.map((s) =>
        db().crmDeal.findMany({
          where: { projectId, stageId: s.id },
          include: withContact,
          orderBy: { position: 'asc' },
          take: perStage,
        }),
      ),
    ),
    db().crmDeal.groupBy({
      by: ['stageId'],
      where: { projectId, pipelineId },
      _count: { _all: true },
      _sum: { amount: true },
    }),
  ]);
  const byStage = new Map(totals.map((t) => [t.stageId, t]));
  return stages.map((s, i) => ({
    stage: { id: s.id, name: s.name, kind: s.kind },
    deals: columns[i]!.map(toDealView),
    count: byStage.get(s.id)?._count._all ?? 0,
    amount: Number(byStage.get(s.id)?._sum.amount ?? 0),
  }));
}
