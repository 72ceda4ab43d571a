/**
 * Campaigns of a project: create, read, change (as a draft or paused), delete, and the lifecycle
 * start → pause ⇄ resume → cancel; the dialer (workers/campaigns) does the rest and marks a campaign
 * completed when no contact is left to call.
 */
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import {
  CAMPAIGN_STATUSES,
  doneCriteriaInput,
  retryInput,
  scheduleInput,
  type CampaignStatus,
  type CreateCampaignInput,
  type UpdateCampaignInput,
} from './campaign-input.ts';
import type { CampaignView, ContactCounts } from './campaign-views.ts';

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof db>['campaign']['findFirst']>>>;

export const NOT_FOUND = () =>
  new ServiceError(404, 'campaign_not_found', 'No such campaign in this project.');

const emptyCounts = (): ContactCounts => ({
  total: 0,
  pending: 0,
  dialing: 0,
  completed: 0,
  failed: 0,
  dnc: 0,
  cancelled: 0,
});

export async function contactCounts(campaignIds: string[]): Promise<Map<string, ContactCounts>> {
  const result = new Map<string, ContactCounts>(campaignIds.map((id) => [id, emptyCounts()]));
  if (campaignIds.length === 0) return result;
  const groups = await db().campaignContact.groupBy({
    by: ['campaignId', 'status'],
    where: { campaignId: { in: campaignIds } },
    _count: { _all: true },
  });
  for (const g of groups) {
    const c = result.get(g.campaignId);
    if (!c) continue;
    if (g.status in c) c[g.status as keyof ContactCounts] += g._count._all;
    c.total += g._count._all;
  }
  return result;
}

export function toCampaignView(row: Row, counts: ContactCounts = emptyCounts()): CampaignView {
  const status = (CAMPAIGN_STATUSES as readonly string[]).includes(row.status)
    ? (row.status as CampaignStatus)
    : 'draft';
  const done = doneCriteriaInput.safeParse(row.doneCriteria);
  return {
    id: row.id,
    name: row.name,
    status,
    agentId: row.agentId,
    versionId: row.versionId,
    connectionId: row.connectionId,
    callerId: row.callerId,
    schedule: scheduleInput.parse(row.schedule ?? {}),
    maxConcurrent: row.maxConcurrent,
    callsPerMinute: row.callsPerMinute,
    maxAttempts: row.maxAttempts,
    retry: retryInput.parse(row.retry ?? {}),
    doneCriteria: done.success ? done.data : null,
    machineAction: machineActionOf(row.machineAction),
    purpose: row.purpose,
    requireConsent: row.requireConsent,
    variableNames: row.variableNames,
    counts,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
  };
}

async function checkRefs(
  projectId: string,
  input: { agentId?: string; versionId?: string | null; connectionId?: string },
): Promise<void> {
  const fields: Record<string, string[]> = {};
  if (input.agentId) {
    const agent = await db().agent.findFirst({
      where: { id: input.agentId, projectId },
      select: { id: true },
    });
    if (!agent) fields.agentId = ['No such agent in this project'];
    else if (input.versionId) {
      const version = await db().agentVersion.findFirst({
        where: { id: input.versionId, agentId: input.agentId, projectId },
        select: { id: true },
      });
      if (!version) fields.versionId = ['No such version of this agent'];
    }
  }
  if (input.connectionId) {
    const connection = await db().sipConnection.findFirst({
      where: { id: input.connectionId, projectId },
      select: { id: true },
    });
    if (!connection) fields.connectionId = ['No such connection in this project'];
  }
  if (Object.keys(fields).length > 0)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', fields);
}

export async function listCampaigns(projectId: string): Promise<CampaignView[]> {
  const rows = await db().campaign.findMany({
    where: { projectId },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
  const counts = await contactCounts(rows.map((r) => r.id));
  return rows.map((r) => toCampaignView(r, counts.get(r.id)));
}

export async function findCampaign(projectId: string, id: string): Promise<Row> {
  const row = await db().campaign.findFirst({ where: { id, projectId } });
  if (!row) throw NOT_FOUND();
  return row;
}

export async function getCampaign(projectId: string, id: string): Promise<CampaignView> {
  const row = await findCampaign(projectId, id);
  return toCampaignView(row, (await contactCounts([id])).get(id));
}

export async function createCampaign(ctx: ServiceContext, input: CreateCampaignInput): Promise<CampaignView> {
  const { projectId } = ctx.access;
  await checkRefs(projectId, input);
  const row = await db().campaign.create({
    data: {
      projectId,
      name: input.name,
      agentId: input.agentId,
      versionId: input.versionId,
      connectionId: input.connectionId,
      callerId: input.callerId,
      schedule: input.schedule,
      maxConcurrent: input.maxConcurrent,
      callsPerMinute: input.callsPerMinute,
      maxAttempts: input.maxAttempts,
      retry: input.retry,
      doneCriteria: input.doneCriteria ?? undefined,
      machineAction: input.machineAction,
      purpose: input.purpose,
      requireConsent: input.requireConsent,
      createdById: ctx.access.user?.id ?? null,
    },
  });
  await auditAs(ctx, {
    action: 'campaign.create',
    targetType: 'campaign',
    targetId: row.id,
    diff: { after: { name: row.name } },
  });
  return toCampaignView(row);
}

export async function updateCampaign(
  ctx: ServiceContext,
  id: string,
  input: UpdateCampaignInput,
): Promise<CampaignView> {
  const { projectId } = ctx.access;
  const row = await findCampaign(projectId, id);
  if (row.status === 'running')
    throw new ServiceError(409, 'campaign_running', 'Pause the campaign before changing it.');
  if (row.status === 'completed' || row.status === 'cancelled')
    throw new ServiceError(409, 'campaign_finished', 'A finished campaign cannot change.');
  await checkRefs(projectId, {
    agentId: input.agentId ?? row.agentId,
    versionId: input.versionId === undefined ? row.versionId : input.versionId,
    connectionId: input.connectionId,
  });
  const { doneCriteria, ...rest } = input;
  const updated = await db().campaign.update({
    where: { id },
    data: {
      ...rest,
      ...(doneCriteria !== undefined ? { doneCriteria: doneCriteria ?? DbNull() } : {}),
    },
  });
  await auditAs(ctx, {
    action: 'campaign.update',
    targetType: 'campaign',
    targetId: id,
    diff: { after: input },
  });
  return toCampaignView(updated, (await contactCounts([id])).get(id));
}

const DbNull = () => Prisma.DbNull;

export async function deleteCampaign(ctx: ServiceContext, id: string): Promise<void> {
  const row = await findCampaign(ctx.access.projectId, id);
  if (row.status === 'running')
    throw new ServiceError(409, 'campaign_running', 'Pause or cancel the campaign before deleting it.');
  await db().campaign.delete({ where: { id } });
  await auditAs(ctx, {
    action: 'campaign.delete',
    targetType: 'campaign',
    targetId: id,
    diff: { before: { name: row.name } },
  });
}

export type LifecycleAction = 'start' | 'pause' | 'resume' | 'cancel';

const FROM: Record<LifecycleAction, CampaignStatus[]> = {
  start: ['draft'],
  pause: ['running'],
  resume: ['paused'],
  cancel: ['draft', 'running', 'paused'],
};
const TO: Record<LifecycleAction, CampaignStatus> = {
  start: 'running',
  pause: 'paused',
  resume: 'running',
  cancel: 'cancelled',
};

/**
 * Moves a campaign along; the move is a conditional update, so two clicks (or two users) cannot both start
 * it. Pause takes effect at once: the dialer re-reads the status in the transaction that turns a claimed
 * attempt into a dial, so nothing new is dialled after this returns; live calls finish.
 */
export async function moveCampaign(
  ctx: ServiceContext,
  id: string,
  action: LifecycleAction,
  now: Date = new Date(),
): Promise<CampaignView> {
  const { projectId } = ctx.access;
  const row = await findCampaign(projectId, id);
  if (action === 'start') {
    const contacts = await db().campaignContact.count({ where: { campaignId: id } });
    if (contacts === 0)
      throw new ServiceError(409, 'campaign_empty', 'Add contacts before starting the campaign.');
    if (!row.versionId) {
      const agent = await db().agent.findFirst({
        where: { id: row.agentId, projectId },
        select: { liveVersionId: true },
      });
      if (!agent?.liveVersionId)
        throw new ServiceError(409, 'agent_unpublished', 'Publish the agent first, or choose a version.');
      await db().campaign.update({ where: { id }, data: { versionId: agent.liveVersionId } });
    }
  }
  const moved = await db().campaign.updateMany({
    where: { id, projectId, status: { in: FROM[action] } },
    data: {
      status: TO[action],
      ...(action === 'start' ? { startedAt: now } : {}),
      ...(action === 'cancel' ? { completedAt: now } : {}),
    },
  });
  if (moved.count === 0)
    throw new ServiceError(409, 'campaign_state', `A ${row.status} campaign cannot ${action}.`);
  if (action === 'cancel')
    await db().campaignContact.updateMany({
      where: { campaignId: id, status: 'pending' },
      data: { status: 'cancelled' },
    });
  await auditAs(ctx, {
    action: `campaign.${action}`,
    targetType: 'campaign',
    targetId: id,
    diff: { before: { status: row.status }, after: { status: TO[action] } },
  });
  return getCampaign(projectId, id);
}

function machineActionOf(stored: string): 'hangup' | 'leave_message' | 'none' {
  return stored === 'leave_message' || stored === 'none' ? stored : 'hangup';
}
