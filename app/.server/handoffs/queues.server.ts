/** Operator queues of a project (issue 20): what a Transfer block names, with skills and the wait rules. */
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { flowMapOf } from '../calls/call-detail.server.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import {
  readHours,
  type CreateQueueInput,
  type QueueHours,
  type QueueView,
  type UpdateQueueInput,
} from './handoff-input.ts';

const NOT_FOUND = () => new ServiceError(404, 'queue_not_found', 'No such queue in this project.');
const TAKEN = () =>
  new ServiceError(409, 'queue_name_taken', 'A queue with this name exists.', {
    name: ['A queue with this name exists.'],
  });

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof db>['handoffQueue']['findFirst']>>>;

function view(row: Row, waiting: number): QueueView {
  return {
    id: row.id,
    name: row.name,
    languages: row.languages,
    topics: row.topics,
    priority: row.priority,
    maxWaitSeconds: row.maxWaitSeconds,
    afterWait: row.afterWait as QueueView['afterWait'],
    afterWaitNodeId: row.afterWaitNodeId,
    afterWaitMessage: row.afterWaitMessage,
    afterWaitTarget: row.afterWaitTarget,
    workingHours: readHours(row.workingHours),
    offerTimeoutSeconds: row.offerTimeoutSeconds,
    announceEverySeconds: row.announceEverySeconds,
    wrapUpSeconds: row.wrapUpSeconds,
    waiting,
    createdAt: row.createdAt.toISOString(),
  };
}

async function waitingCounts(projectId: string): Promise<Map<string, number>> {
  const groups = await db().handoff.groupBy({
    by: ['queueId'],
    where: { projectId, status: { in: ['queued', 'offered'] } },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.queueId, g._count._all]));
}

export async function listQueues(projectId: string): Promise<QueueView[]> {
  const [rows, counts] = await Promise.all([
    db().handoffQueue.findMany({ where: { projectId }, orderBy: [{ priority: 'desc' }, { name: 'asc' }] }),
    waitingCounts(projectId),
  ]);
  return rows.map((row) => view(row, counts.get(row.id) ?? 0));
}

export async function getQueue(projectId: string, queueId: string): Promise<QueueView> {
  const row = await db().handoffQueue.findFirst({ where: { id: queueId, projectId } });
  if (!row) throw NOT_FOUND();
  return view(row, (await waitingCounts(projectId)).get(row.id) ?? 0);
}

type AfterWaitRule = Pick<CreateQueueInput, 'afterWait' | 'afterWaitNodeId' | 'afterWaitTarget'>;

const fieldError = (field: string, message: string) =>
  new ServiceError(400, 'invalid_input', message, { [field]: [message] });

/** Each after-wait action names what it needs: a block, a phone number, or another queue of the project. */
async function checkAfterWait(projectId: string, rule: AfterWaitRule, selfName: string): Promise<void> {
  if (rule.afterWait === 'node' && !rule.afterWaitNodeId)
    throw fieldError('afterWaitNodeId', 'Name the block the caller goes back to.');
  if (rule.afterWait === 'number' && !/^\+?[0-9]{3,20}$/.test(rule.afterWaitTarget.replace(/[\s()-]/g, '')))
    throw fieldError('afterWaitTarget', 'A phone number such as +74951234567.');
  if (rule.afterWait === 'queue') {
    if (!rule.afterWaitTarget || rule.afterWaitTarget === selfName)
      throw fieldError('afterWaitTarget', 'Choose another queue of this project.');
    const other = await db().handoffQueue.findFirst({
      where: { projectId, name: rule.afterWaitTarget },
      select: { id: true },
    });
    if (!other) throw fieldError('afterWaitTarget', 'No queue of this name in the project.');
  }
}

const hoursData = (hours: QueueHours | null) => hours ?? Prisma.DbNull;

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export async function createQueue(ctx: ServiceContext, input: CreateQueueInput): Promise<QueueView> {
  const projectId = ctx.access.projectId;
  await checkAfterWait(projectId, input, input.name);
  try {
    const row = await db().handoffQueue.create({
      data: { projectId, ...input, workingHours: hoursData(input.workingHours) },
    });
    await auditAs(ctx, {
      action: 'queue.create',
      targetType: 'queue',
      targetId: row.id,
      diff: { after: { name: row.name } },
    });
    return view(row, 0);
  } catch (error) {
    if (isUniqueViolation(error)) throw TAKEN();
    throw error;
  }
}

export async function updateQueue(
  ctx: ServiceContext,
  queueId: string,
  input: UpdateQueueInput,
): Promise<QueueView> {
  const projectId = ctx.access.projectId;
  const current = await db().handoffQueue.findFirst({ where: { id: queueId, projectId } });
  if (!current) throw NOT_FOUND();
  await checkAfterWait(
    projectId,
    {
      afterWait: input.afterWait ?? (current.afterWait as CreateQueueInput['afterWait']),
      afterWaitNodeId: input.afterWaitNodeId === undefined ? current.afterWaitNodeId : input.afterWaitNodeId,
      afterWaitTarget: input.afterWaitTarget ?? current.afterWaitTarget,
    },
    input.name ?? current.name,
  );
  const { workingHours, ...rest } = input;
  try {
    await db().handoffQueue.update({
      where: { id: queueId },
      data: { ...rest, ...(workingHours !== undefined ? { workingHours: hoursData(workingHours) } : {}) },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw TAKEN();
    throw error;
  }
  await auditAs(ctx, {
    action: 'queue.update',
    targetType: 'queue',
    targetId: queueId,
    diff: { after: input },
  });
  return getQueue(projectId, queueId);
}

export async function deleteQueue(ctx: ServiceContext, queueId: string): Promise<void> {
  const projectId = ctx.access.projectId;
  const { count } = await db().handoffQueue.deleteMany({ where: { id: queueId, projectId } });
  if (count === 0) throw NOT_FOUND();
  await auditAs(ctx, { action: 'queue.delete', targetType: 'queue', targetId: queueId, diff: {} });
}

/**
 * The blocks a queue can send a caller back to, from every agent's draft of the project (a queue serves any
 * agent's Transfer block; a call whose flow lacks the block goes on through the Transfer block's failed port).
 */
export async function queueBlockChoices(projectId: string): Promise<{ id: string; label: string }[]> {
  const agents = await db().agent.findMany({
    where: { projectId },
    select: { name: true, draftGraph: true },
    orderBy: { name: 'asc' },
  });
  const byId = new Map<string, string[]>();
  for (const agent of agents)
    for (const node of flowMapOf(agent.draftGraph)?.nodes ?? [])
      if (node.type !== 'start' && node.type !== 'transfer')
        byId.set(node.id, [...(byId.get(node.id) ?? []), `${agent.name} · ${node.label}`]);
  return [...byId].map(([id, labels]) => ({ id, label: labels.join('; ') }));
}
