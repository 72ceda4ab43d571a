/** Operator queues of a project (issue 20): what a Transfer block names, with skills and the wait rules. */
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import type { CreateQueueInput, QueueView, UpdateQueueInput } from './handoff-input.ts';

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

function checkAfterWait(input: Pick<CreateQueueInput, 'afterWait' | 'afterWaitNodeId'>): void {
  if (input.afterWait === 'node' && !input.afterWaitNodeId)
    throw new ServiceError(400, 'invalid_input', 'Name the node the caller goes back to.', {
      afterWaitNodeId: ['Required when afterWait is "node".'],
    });
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export async function createQueue(ctx: ServiceContext, input: CreateQueueInput): Promise<QueueView> {
  checkAfterWait(input);
  const projectId = ctx.access.projectId;
  try {
    const row = await db().handoffQueue.create({ data: { projectId, ...input } });
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
  checkAfterWait({
    afterWait: input.afterWait ?? (current.afterWait as CreateQueueInput['afterWait']),
    afterWaitNodeId: input.afterWaitNodeId === undefined ? current.afterWaitNodeId : input.afterWaitNodeId,
  });
  try {
    await db().handoffQueue.update({ where: { id: queueId }, data: input });
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
