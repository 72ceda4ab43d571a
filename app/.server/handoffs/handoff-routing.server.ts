/**
 * Routing of handoffs to operators (issue 20). One rule: a waiting call is offered to the online operator
 * with the queue's skills who has been idle longest, one operator at a time. Both rows are taken with
 * `FOR UPDATE SKIP LOCKED` in one transaction and the operator leaves `online` (to `offered`) in it, so two
 * dispatchers running at once can never offer one call to two operators, nor two calls to one operator.
 * A declined or missed offer puts the operator on the call's `passedBy` list and the call back in the queue.
 */
import type { Redis } from 'ioredis';
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import type { Db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { publishEvent } from '../events/publish-event.ts';
import { handoffPacket, type HandoffPacket } from './handoff-input.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface RoutingDeps {
  db: Db;
  /** Where handoff events go (the bus); absent in tests that only read the rows. */
  redis?: Redis;
  now?: () => Date;
}

export interface Offer {
  handoffId: string;
  projectId: string;
  queueId: string;
  callId: string | null;
  operatorUserId: string;
  offeredAt: Date;
}

const NOT_FOUND = () => new ServiceError(404, 'handoff_not_found', 'No such handoff in this project.');

async function publish(
  deps: RoutingDeps,
  type: 'handoff.requested' | 'handoff.accepted' | 'handoff.completed',
  projectId: string,
  data: {
    handoffId: string;
    callId?: string | null;
    queueId: string;
    operatorUserId?: string | null;
    status: string;
  },
): Promise<void> {
  if (!deps.redis) return;
  await publishEvent(deps.redis, {
    type,
    projectId,
    data: {
      handoffId: data.handoffId,
      queueId: data.queueId,
      status: data.status,
      ...(data.callId ? { callId: data.callId } : {}),
      ...(data.operatorUserId ? { operatorUserId: data.operatorUserId } : {}),
    },
  });
}

/**
 * Puts a caller in a queue (named as the flow's Transfer block names it). Idempotent per call: a second
 * request for a call that is already waiting answers the same handoff.
 */
export async function enqueueHandoff(
  tx: Tx,
  input: { projectId: string; queueName: string; callId: string | null; packet: unknown },
): Promise<{ id: string; queueId: string } | null> {
  const queue = await tx.handoffQueue.findFirst({
    where: { projectId: input.projectId, name: input.queueName },
    select: { id: true },
  });
  if (!queue) return null;
  if (input.callId) {
    const open = await tx.handoff.findFirst({
      where: { callId: input.callId, status: { in: ['queued', 'offered', 'accepted'] } },
      select: { id: true, queueId: true },
    });
    if (open) return open;
  }
  const parsed = handoffPacket.safeParse(input.packet ?? {});
  const packet: HandoffPacket = parsed.success ? parsed.data : handoffPacket.parse({});
  return tx.handoff.create({
    data: {
      projectId: input.projectId,
      queueId: queue.id,
      callId: input.callId,
      language: typeof packet.language === 'string' ? packet.language : null,
      passedBy: [],
      packet: packet as Prisma.InputJsonValue,
    },
    select: { id: true, queueId: true },
  });
}

/** A caller who hung up while waiting: the handoff is abandoned and a pending offer withdrawn. */
export async function abandonHandoffOf(tx: Tx, callId: string, at: Date): Promise<void> {
  await leaveQueueOf(tx, callId, at, 'abandoned');
}

/**
 * A caller who left the queue without a person by the queue's after-wait action (the maximum wait passed, or
 * the queue is closed): the handoff overflowed, a pending offer is withdrawn, and the operator keeps their turn.
 */
export async function overflowHandoffOf(tx: Tx, callId: string, at: Date): Promise<void> {
  await leaveQueueOf(tx, callId, at, 'overflowed');
}

async function leaveQueueOf(
  tx: Tx,
  callId: string,
  at: Date,
  status: 'abandoned' | 'overflowed',
): Promise<void> {
  const open = await tx.handoff.findMany({
    where: { callId, status: { in: ['queued', 'offered'] } },
    select: { id: true, projectId: true, operatorUserId: true, status: true },
  });
  for (const h of open) {
    await tx.handoff.update({
      where: { id: h.id },
      data: { status, endedAt: at, offerExpiresAt: null },
    });
    if (h.status === 'offered' && h.operatorUserId)
      await freeOperator(tx, h.projectId, h.operatorUserId, 'online', at, { keepIdle: true });
  }
}

async function freeOperator(
  tx: Tx,
  projectId: string,
  userId: string,
  status: 'online' | 'away' | 'wrap_up',
  at: Date,
  options: { keepIdle?: boolean } = {},
): Promise<void> {
  await tx.operatorPresence.updateMany({
    where: { projectId, userId, status: { in: ['offered', 'busy', 'wrap_up'] } },
    data: { status, ...(options.keepIdle ? {} : { idleSince: at }) },
  });
}

interface Waiting {
  id: string;
  queueId: string;
  callId: string | null;
  language: string | null;
  passedBy: string[];
  languages: string[];
  topics: string[];
  offerTimeoutSeconds: number;
}

/**
 * Offers waiting calls of a project to free operators until either runs out. Calls go in queue priority
 * order, then oldest first; each call to the longest-idle matching operator. Answers the offers made.
 */
export async function dispatchProject(deps: RoutingDeps, projectId: string): Promise<Offer[]> {
  const offers: Offer[] = [];
  const skipped = new Set<string>();
  for (;;) {
    const offer = await deps.db.$transaction(async (tx) => {
      const [call] = await tx.$queryRaw<Waiting[]>(Prisma.sql`
        SELECT h.id, h."queueId", h."callId", h.language, COALESCE(h."passedBy", '{}') AS "passedBy",
               COALESCE(q.languages, '{}') AS languages, COALESCE(q.topics, '{}') AS topics,
               q."offerTimeoutSeconds"
          FROM handoffs h JOIN handoff_queues q ON q.id = h."queueId"
         WHERE h."projectId" = ${projectId}::uuid AND h.status = 'queued'
           ${skipped.size > 0 ? Prisma.sql`AND h.id NOT IN (${Prisma.join([...skipped].map((id) => Prisma.sql`${id}::uuid`))})` : Prisma.empty}
         ORDER BY q.priority DESC, h."createdAt" ASC
         LIMIT 1
         FOR UPDATE OF h SKIP LOCKED`);
      if (!call) return 'none' as const;
      // The language the call needs: the caller's, when the queue serves it (a queue without languages
      // takes any caller and asks no language of its operators).
      const language =
        call.languages.length > 0
          ? call.language && call.languages.includes(call.language)
            ? call.language
            : call.languages[0]!
          : null;
      const [operator] = await tx.$queryRaw<{ userId: string }[]>(Prisma.sql`
        SELECT "userId" FROM operator_presences
         WHERE "projectId" = ${projectId}::uuid AND status = 'online'
           AND COALESCE(topics, '{}') @> ${call.topics}::text[]
           ${language ? Prisma.sql`AND ${language} = ANY(COALESCE(languages, '{}'))` : Prisma.empty}
           ${call.passedBy.length > 0 ? Prisma.sql`AND NOT ("userId"::text = ANY(${call.passedBy}::text[]))` : Prisma.empty}
         ORDER BY "idleSince" ASC, "userId" ASC
         LIMIT 1
         FOR UPDATE SKIP LOCKED`);
      if (!operator) {
        skipped.add(call.id);
        return 'skip' as const;
      }
      const now = deps.now?.() ?? new Date();
      await tx.operatorPresence.update({
        where: { projectId_userId: { projectId, userId: operator.userId } },
        data: { status: 'offered' },
      });
      await tx.handoff.update({
        where: { id: call.id },
        data: {
          status: 'offered',
          operatorUserId: operator.userId,
          offeredAt: now,
          offerExpiresAt: new Date(now.getTime() + call.offerTimeoutSeconds * 1000),
        },
      });
      return {
        handoffId: call.id,
        projectId,
        queueId: call.queueId,
        callId: call.callId,
        operatorUserId: operator.userId,
        offeredAt: now,
      } satisfies Offer;
    });
    if (offer === 'none') break;
    if (offer === 'skip') continue;
    offers.push(offer);
    await publish(deps, 'handoff.requested', projectId, { ...offer, status: 'offered' });
  }
  return offers;
}

async function lockOffer(tx: Tx, projectId: string, handoffId: string) {
  const [row] = await tx.$queryRaw<
    { id: string; status: string; operatorUserId: string | null; queueId: string; callId: string | null }[]
  >(Prisma.sql`
    SELECT id, status, "operatorUserId", "queueId", "callId" FROM handoffs
     WHERE id = ${handoffId}::uuid AND "projectId" = ${projectId}::uuid FOR UPDATE`);
  return row;
}

/** The operator takes the call offered to them; 409 when it is no longer theirs (missed, abandoned). */
export async function acceptOffer(
  deps: RoutingDeps,
  projectId: string,
  handoffId: string,
  userId: string,
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const row = await deps.db.$transaction(async (tx) => {
    const row = await lockOffer(tx, projectId, handoffId);
    if (!row) throw NOT_FOUND();
    if (row.status !== 'offered' || row.operatorUserId !== userId)
      throw new ServiceError(409, 'offer_gone', 'This call is no longer offered to you.');
    await tx.handoff.update({
      where: { id: handoffId },
      data: { status: 'accepted', acceptedAt: now, offerExpiresAt: null },
    });
    await tx.operatorPresence.updateMany({ where: { projectId, userId }, data: { status: 'busy' } });
    return row;
  });
  await publish(deps, 'handoff.accepted', projectId, {
    ...row,
    handoffId,
    operatorUserId: userId,
    status: 'accepted',
  });
}

/**
 * The operator passes on the offer (declined) or it rang out (missed): the call goes back to the queue,
 * never to be offered to them again. A missed offer also sets the operator away, as a contact centre does,
 * so a person who walked off stops receiving calls.
 */
export async function passOffer(
  deps: RoutingDeps,
  projectId: string,
  handoffId: string,
  userId: string,
  how: 'declined' | 'missed',
): Promise<Offer[]> {
  const now = deps.now?.() ?? new Date();
  const row = await deps.db.$transaction(async (tx) => {
    const row = await lockOffer(tx, projectId, handoffId);
    if (!row) throw NOT_FOUND();
    if (row.status !== 'offered' || row.operatorUserId !== userId)
      throw new ServiceError(409, 'offer_gone', 'This call is no longer offered to you.');
    await tx.handoff.update({
      where: { id: handoffId },
      data: {
        status: 'queued',
        operatorUserId: null,
        offeredAt: null,
        offerExpiresAt: null,
        passedBy: { push: userId },
      },
    });
    // Declining keeps the operator's place in the idle order; a miss sends them away.
    await freeOperator(tx, projectId, userId, how === 'declined' ? 'online' : 'away', now, {
      keepIdle: true,
    });
    return row;
  });
  await publish(deps, 'handoff.requested', projectId, {
    ...row,
    handoffId,
    operatorUserId: userId,
    status: how,
  });
  // The next operator at once (answers the offers this made).
  return dispatchProject(deps, projectId);
}

/**
 * The call of an accepted handoff ended (the caller or the operator hung up): the handoff completes and its
 * operator goes to wrap-up, whether or not their panel is still open to say so.
 */
export async function completeHandoffOf(tx: Tx, callId: string, at: Date): Promise<void> {
  const open = await tx.handoff.findMany({
    where: { callId, status: 'accepted' },
    select: { id: true, projectId: true, operatorUserId: true },
  });
  for (const h of open) {
    await tx.handoff.update({ where: { id: h.id }, data: { status: 'completed', endedAt: at } });
    if (h.operatorUserId) await freeOperator(tx, h.projectId, h.operatorUserId, 'wrap_up', at);
  }
}

/**
 * The operator's wrap-up of a finished call: its disposition and note go on the handoff (the call card shows
 * them), and the operator is online again (routing offers them the next caller at once).
 */
export async function wrapUpHandoff(
  deps: RoutingDeps,
  projectId: string,
  handoffId: string,
  userId: string,
  input: { disposition: string; note: string },
): Promise<Offer[]> {
  const now = deps.now?.() ?? new Date();
  await deps.db.$transaction(async (tx) => {
    const row = await lockOffer(tx, projectId, handoffId);
    if (!row) throw NOT_FOUND();
    if (row.status !== 'completed' || row.operatorUserId !== userId)
      throw new ServiceError(409, 'handoff_not_finished', 'Only a finished call of yours can be wrapped up.');
    await tx.handoff.update({
      where: { id: handoffId },
      data: { wrapDisposition: input.disposition, wrapNote: input.note, wrappedAt: now },
    });
    await tx.operatorPresence.updateMany({
      where: { projectId, userId, status: 'wrap_up' },
      data: { status: 'online', idleSince: now },
    });
  });
  return dispatchProject(deps, projectId);
}

/** The operator finished the call: the handoff completes and the operator goes to wrap-up. */
export async function completeHandoff(
  deps: RoutingDeps,
  projectId: string,
  handoffId: string,
  userId: string,
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const row = await deps.db.$transaction(async (tx) => {
    const row = await lockOffer(tx, projectId, handoffId);
    if (!row) throw NOT_FOUND();
    // Already completed by the call's end (the call records do it): finishing again changes nothing.
    if (row.status === 'completed' && row.operatorUserId === userId) return null;
    if (row.status !== 'accepted' || row.operatorUserId !== userId)
      throw new ServiceError(409, 'handoff_not_yours', 'This call is not yours to complete.');
    await tx.handoff.update({ where: { id: handoffId }, data: { status: 'completed', endedAt: now } });
    await freeOperator(tx, projectId, userId, 'wrap_up', now);
    return row;
  });
  if (!row) return;
  await publish(deps, 'handoff.completed', projectId, {
    ...row,
    handoffId,
    operatorUserId: userId,
    status: 'completed',
  });
}

/**
 * The periodic pass (workers): rung-out offers become misses, calls past their queue's maximum wait
 * overflow (the queue's after-wait action is recorded on the handoff), then every project with waiting
 * calls is dispatched again.
 */
export async function sweepHandoffs(
  deps: RoutingDeps,
): Promise<{ missed: number; overflowed: number; offered: number }> {
  const now = deps.now?.() ?? new Date();
  const expired = await deps.db.handoff.findMany({
    where: { status: 'offered', offerExpiresAt: { lt: now } },
    select: { id: true, projectId: true, operatorUserId: true },
    take: 200,
  });
  let missed = 0;
  for (const h of expired) {
    if (!h.operatorUserId) continue;
    try {
      await passOffer(deps, h.projectId, h.id, h.operatorUserId, 'missed');
      missed++;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error; // taken or abandoned meanwhile
    }
  }
  const overflowed = await deps.db.$queryRaw<
    { id: string; projectId: string; queueId: string; callId: string | null }[]
  >(
    Prisma.sql`
    UPDATE handoffs h SET status = 'overflowed', "endedAt" = ${now}, "updatedAt" = ${now}
      FROM handoff_queues q
     WHERE q.id = h."queueId" AND h.status = 'queued'
       AND h."createdAt" < ${now}::timestamp - make_interval(secs => q."maxWaitSeconds")
    RETURNING h.id, h."projectId", h."queueId", h."callId"`,
  );
  for (const h of overflowed)
    await publish(deps, 'handoff.completed', h.projectId, { ...h, handoffId: h.id, status: 'overflowed' });
  // Wrap-up lasts at most the queue's wrap-up time (from the operator's last finished call), then online.
  await deps.db.$executeRaw(Prisma.sql`
    UPDATE operator_presences p SET status = 'online', "idleSince" = ${now}, "updatedAt" = ${now}
     WHERE p.status = 'wrap_up'
       AND p."idleSince" < ${now}::timestamp - make_interval(secs => COALESCE((
         SELECT q."wrapUpSeconds" FROM handoffs h JOIN handoff_queues q ON q.id = h."queueId"
          WHERE h."projectId" = p."projectId" AND h."operatorUserId" = p."userId" AND h.status = 'completed'
          ORDER BY h."endedAt" DESC NULLS LAST LIMIT 1), 60))`);
  const projects = await deps.db.handoff.findMany({
    where: { status: 'queued' },
    distinct: ['projectId'],
    select: { projectId: true },
  });
  let offered = 0;
  for (const { projectId } of projects) offered += (await dispatchProject(deps, projectId)).length;
  return { missed, overflowed: overflowed.length, offered };
}
