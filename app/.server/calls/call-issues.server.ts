import { z } from 'zod';
import { isUuid } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { callNotFound, issueView } from './call-detail.server.ts';

import { ISSUE_REASONS, ISSUE_STATUSES } from '../../lib/calls/issue-values.ts';

export { ISSUE_REASONS, ISSUE_STATUSES };

export const createIssueInput = z.object({
  turnId: z.uuid('must be a turn id of this call'),
  reason: z.enum(ISSUE_REASONS, { error: `must be one of ${ISSUE_REASONS.join(', ')}` }),
  comment: z.string().trim().max(2000, 'at most 2000 characters').default(''),
});
export type CreateIssueInput = z.infer<typeof createIssueInput>;

export const updateIssueInput = z
  .object({
    status: z.enum(ISSUE_STATUSES, { error: `must be one of ${ISSUE_STATUSES.join(', ')}` }).optional(),
    assigneeId: z.uuid('must be a user id').nullable().optional(),
    comment: z.string().trim().max(2000, 'at most 2000 characters').optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change', path: ['_'] });
export type UpdateIssueInput = z.infer<typeof updateIssueInput>;

export const issueListQuery = z.object({
  status: z.enum(ISSUE_STATUSES, { error: `must be one of ${ISSUE_STATUSES.join(', ')}` }).optional(),
  assigneeId: z.uuid('must be a user id').optional(),
  agentId: z.uuid('must be an agent id').optional(),
  callId: z.uuid('must be a call id').optional(),
  cursor: z.uuid('must be the nextCursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type IssueListQuery = z.infer<typeof issueListQuery>;

const issueNotFound = () => new ServiceError(404, 'issue_not_found', 'No such issue in this project.');

/** Open issues count toward "has issues" until resolved or dismissed. */
async function refreshIssueCounts(callId: string): Promise<void> {
  await db().$executeRaw`
    UPDATE calls SET
      "issueCount" = (SELECT count(*)::int FROM call_issues WHERE "callId" = ${callId}::uuid),
      "openIssueCount" = (SELECT count(*)::int FROM call_issues
        WHERE "callId" = ${callId}::uuid AND status IN ('open', 'in_progress'))
    WHERE id = ${callId}::uuid`;
}

/**
 * Flags one line of a call as wrong. The issue keeps the agent, version and node that produced it: for an
 * agent line its own node, for a caller line the node that heard it (the first of the reply's path).
 */
export async function createIssue(ctx: ServiceContext, callId: string, input: CreateIssueInput) {
  const { projectId } = ctx.access;
  if (!isUuid(callId)) throw callNotFound();
  const call = await db().call.findFirst({
    where: { id: callId, projectId },
    select: { id: true, agentId: true, versionId: true },
  });
  if (!call) throw callNotFound();
  const turn = await db().callTurn.findFirst({ where: { id: input.turnId, callId: call.id } });
  if (!turn)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', {
      turnId: ['must be a turn id of this call'],
    });
  let nodeId = turn.nodeId;
  if (turn.speaker === 'caller') {
    const reply = await db().callTurn.findFirst({
      where: { callId: call.id, seq: turn.seq + 1 },
      select: { nodePath: true, nodeId: true },
    });
    nodeId = reply?.nodePath[0] ?? reply?.nodeId ?? null;
  }
  const issue = await db().callIssue.create({
    data: {
      projectId,
      callId: call.id,
      turnId: turn.id,
      turnSeq: turn.seq,
      reason: input.reason,
      comment: input.comment,
      agentId: call.agentId,
      versionId: call.versionId,
      nodeId,
      createdById: ctx.access.user?.id ?? null,
    },
  });
  await refreshIssueCounts(call.id);
  await auditAs(ctx, {
    action: 'call.issue.create',
    targetType: 'call_issue',
    targetId: issue.id,
    diff: { after: { callId: call.id, turnSeq: turn.seq, reason: input.reason } },
  });
  return issueView(issue);
}

export async function updateIssue(ctx: ServiceContext, issueId: string, input: UpdateIssueInput) {
  const { projectId } = ctx.access;
  // Postgres answers a malformed uuid with an error, not "no row": a 404 here, like a missing one.
  if (!isUuid(issueId)) throw issueNotFound();
  const before = await db().callIssue.findFirst({ where: { id: issueId, projectId } });
  if (!before) throw issueNotFound();
  if (input.assigneeId) {
    const member = await db().membership.findUnique({
      where: { userId_projectId: { userId: input.assigneeId, projectId } },
      select: { userId: true },
    });
    if (!member)
      throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', {
        assigneeId: ['must be a member of this project'],
      });
  }
  const issue = await db().callIssue.update({
    where: { id: before.id },
    data: {
      ...(input.status ? { status: input.status } : {}),
      ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
    },
  });
  await refreshIssueCounts(issue.callId);
  await auditAs(ctx, {
    action: 'call.issue.update',
    targetType: 'call_issue',
    targetId: issue.id,
    diff: {
      before: { status: before.status, assigneeId: before.assigneeId },
      after: { status: issue.status, assigneeId: issue.assigneeId },
    },
  });
  return issueView(issue);
}

/** A project's issues, newest first, with the call they belong to and who is assigned. */
export async function listIssues(projectId: string, q: IssueListQuery) {
  const rows = await db().callIssue.findMany({
    where: {
      projectId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.assigneeId ? { assigneeId: q.assigneeId } : {}),
      ...(q.agentId ? { agentId: q.agentId } : {}),
      ...(q.callId ? { callId: q.callId } : {}),
      ...(q.cursor ? { id: { lt: q.cursor } } : {}),
    },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
    include: { call: { select: { fromNumber: true, startedAt: true, direction: true } } },
  });
  const page = rows.slice(0, q.limit);
  const turnIds = page.flatMap((r) => (r.turnId ? [r.turnId] : []));
  const turns = await db().callTurn.findMany({
    where: { id: { in: turnIds }, projectId },
    select: { id: true, text: true, speaker: true },
  });
  const byTurn = new Map(turns.map((t) => [t.id, t]));
  return {
    issues: page.map((r) => ({
      ...issueView(r),
      call: {
        from: r.call.fromNumber,
        direction: r.call.direction,
        startedAt: r.call.startedAt.toISOString(),
      },
      turn: r.turnId ? (byTurn.get(r.turnId) ?? null) : null,
    })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
