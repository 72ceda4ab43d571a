/**
 * Operators' side of handoffs (issue 20): presence, the offers and calls they hold, accept/decline/complete.
 * An operator sees only the handoffs offered to or taken by them; supervisors and admins see all.
 */
import { can } from '../access/permissions.ts';
import type { ProjectAccess } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { authContext } from '../auth/auth-context.server.ts';
import { OPERATOR_TICKET_TTL_SECONDS, signOperatorTicket } from '../browser-voice/operator-ticket.server.ts';
import { flowMapOf } from '../calls/call-detail.server.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { telephonyRedis } from '../telephony/telephony-bus.server.ts';
import {
  handoffPacket,
  type HandoffStatus,
  type HandoffView,
  type OperatorStatus,
  type PresenceInput,
  type PresenceView,
  type WrapDisposition,
  type WrapUpInput,
} from './handoff-input.ts';
import {
  acceptOffer,
  completeHandoff,
  wrapUpHandoff,
  dispatchProject,
  passOffer,
  type RoutingDeps,
} from './handoff-routing.server.ts';

const routing = (): RoutingDeps => ({ db: db(), redis: telephonyRedis() });

function personOf(access: ProjectAccess): string {
  if (access.actor.type !== 'user')
    throw new ServiceError(
      403,
      'operator_only',
      'Presence and offers belong to a signed-in person, not an API key.',
    );
  return access.actor.id;
}

export async function getPresence(access: ProjectAccess): Promise<PresenceView> {
  const userId = personOf(access);
  const row = await db().operatorPresence.findUnique({
    where: { projectId_userId: { projectId: access.projectId, userId } },
  });
  return {
    userId,
    status: (row?.status ?? 'offline') as OperatorStatus,
    languages: row?.languages ?? [],
    topics: row?.topics ?? [],
    idleSince: (row?.idleSince ?? new Date()).toISOString(),
  };
}

/**
 * Sets the person's presence. Going online while holding a call or an offer is refused (the system moves
 * them on); going online from away/offline starts their idle time now, so routing does not favour someone
 * who just arrived over someone who has been waiting.
 */
export async function setPresence(ctx: ServiceContext, input: PresenceInput): Promise<PresenceView> {
  const { access } = ctx;
  const userId = personOf(access);
  const projectId = access.projectId;
  const current = await db().operatorPresence.findUnique({
    where: { projectId_userId: { projectId, userId } },
  });
  if (current && (current.status === 'offered' || current.status === 'busy') && input.status !== 'offline')
    throw new ServiceError(409, 'operator_engaged', 'Answer the offer or finish the call first.');
  const skills = {
    ...(input.languages ? { languages: input.languages } : {}),
    ...(input.topics ? { topics: input.topics } : {}),
  };
  const becomingFree = input.status === 'online' && current?.status !== 'online';
  await db().operatorPresence.upsert({
    where: { projectId_userId: { projectId, userId } },
    create: { projectId, userId, status: input.status, languages: [], topics: [], ...skills },
    update: { status: input.status, ...skills, ...(becomingFree ? { idleSince: new Date() } : {}) },
  });
  await auditAs(ctx, {
    action: 'operator.presence',
    targetType: 'user',
    targetId: userId,
    diff: { after: { status: input.status, ...skills } },
  });
  if (input.status === 'online') await dispatchProject(routing(), projectId);
  return getPresence(access);
}

type HandoffRow = NonNullable<Awaited<ReturnType<typeof findHandoff>>>;
const withQueue = { queue: { select: { name: true, wrapUpSeconds: true } } } as const;
function findHandoff(where: { id?: string; projectId: string }) {
  return db().handoff.findFirst({ where, include: withQueue });
}

function view(row: HandoffRow): HandoffView {
  const packet = handoffPacket.safeParse(row.packet);
  return {
    id: row.id,
    queueId: row.queueId,
    queueName: row.queue.name,
    callId: row.callId,
    status: row.status as HandoffStatus,
    language: row.language,
    operatorUserId: row.operatorUserId,
    packet: packet.success ? packet.data : handoffPacket.parse({}),
    offeredAt: row.offeredAt?.toISOString() ?? null,
    offerExpiresAt: row.offerExpiresAt?.toISOString() ?? null,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    connectedAt: row.connectedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    wrapUpSeconds: row.queue.wrapUpSeconds,
    returnNodes: [],
    wrapUp:
      row.wrappedAt && row.wrapDisposition
        ? {
            disposition: row.wrapDisposition as WrapDisposition,
            note: row.wrapNote,
            at: row.wrappedAt.toISOString(),
          }
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** How long a finished call waits on the operator's panel for its wrap-up form. */
const WRAP_UP_SHOWN_MS = 60 * 60 * 1000;

/**
 * The handoffs a person may see now: theirs (offered, accepted, or finished within the hour and not wrapped
 * up yet), and for supervisors every open one besides.
 */
export async function listHandoffs(access: ProjectAccess): Promise<HandoffView[]> {
  const everyone = can(access.role, 'calls.monitor');
  const mine = [
    { operatorUserId: access.actor.id, status: { in: ['offered', 'accepted'] } },
    {
      operatorUserId: access.actor.id,
      status: 'completed',
      wrappedAt: null,
      endedAt: { gt: new Date(Date.now() - WRAP_UP_SHOWN_MS) },
    },
  ];
  const rows = await db().handoff.findMany({
    where: {
      projectId: access.projectId,
      OR: everyone ? [...mine, { status: { in: ['queued', 'offered', 'accepted'] } }] : mine,
    },
    include: withQueue,
    orderBy: { createdAt: 'asc' },
    take: 200,
  });
  const views = rows.map(view);
  // The operator's own call: the blocks they can hand the caller back to.
  for (const v of views)
    if (v.status === 'accepted' && v.operatorUserId === access.actor.id && v.callId)
      v.returnNodes = await returnNodesOf(access.projectId, v.callId);
  return views;
}

/** The blocks of a call's flow a caller can be handed back to: all but the start and the transfers. */
async function returnNodesOf(projectId: string, callId: string): Promise<HandoffView['returnNodes']> {
  const call = await db().call.findFirst({ where: { id: callId, projectId }, select: { versionId: true } });
  if (!call?.versionId) return [];
  const version = await db().agentVersion.findFirst({
    where: { id: call.versionId, projectId },
    select: { graph: true },
  });
  const map = flowMapOf(version?.graph);
  return (map?.nodes ?? [])
    .filter((n) => n.type !== 'start' && n.type !== 'transfer')
    .map(({ id, type, label }) => ({ id, type, label }));
}

export async function getHandoff(access: ProjectAccess, handoffId: string): Promise<HandoffView> {
  const row = await findHandoff({ id: handoffId, projectId: access.projectId });
  // An operator learns nothing of a handoff that is not theirs, not even that it exists.
  if (!row || (!can(access.role, 'calls.monitor') && row.operatorUserId !== access.actor.id))
    throw new ServiceError(404, 'handoff_not_found', 'No such handoff in this project.');
  return view(row);
}

export type HandoffAction = 'accept' | 'decline' | 'complete';

export async function actOnHandoff(
  ctx: ServiceContext,
  handoffId: string,
  action: HandoffAction,
): Promise<HandoffView> {
  const userId = personOf(ctx.access);
  const projectId = ctx.access.projectId;
  if (action === 'accept') await acceptOffer(routing(), projectId, handoffId, userId);
  else if (action === 'decline') await passOffer(routing(), projectId, handoffId, userId, 'declined');
  else await completeHandoff(routing(), projectId, handoffId, userId);
  await auditAs(ctx, { action: `handoff.${action}`, targetType: 'handoff', targetId: handoffId, diff: {} });
  const row = await findHandoff({ id: handoffId, projectId });
  if (!row) throw new ServiceError(404, 'handoff_not_found', 'No such handoff in this project.');
  return view(row);
}

/**
 * A ticket for the operator's browser to join the call they accepted (issue 20): only their own accepted
 * handoff of a call still going on. Null when there is no such call to join.
 */
export async function issueOperatorAudio(
  ctx: ServiceContext,
  handoffId: string,
  voiceUrl: string,
): Promise<{ ticket: string; url: string; expiresIn: number } | null> {
  const userId = personOf(ctx.access);
  const projectId = ctx.access.projectId;
  const row = await db().handoff.findFirst({
    where: { id: handoffId, projectId, operatorUserId: userId, status: 'accepted' },
    select: { callId: true },
  });
  if (!row?.callId) return null;
  const call = await db().call.findFirst({
    where: { id: row.callId, projectId, status: 'live' },
    select: { externalId: true },
  });
  if (!call) return null;
  const ticket = await signOperatorTicket(authContext().keys, {
    projectId,
    callId: call.externalId,
    handoffId,
    userId,
  });
  const url = new URL(voiceUrl);
  url.pathname = url.pathname.replace(/\/ws$/, '') + '/operator';
  url.search = `ticket=${encodeURIComponent(ticket)}`;
  return { ticket, url: url.toString(), expiresIn: OPERATOR_TICKET_TTL_SECONDS };
}

/** The operator files the finished call (disposition, note) and is online again. */
export async function wrapUp(
  ctx: ServiceContext,
  handoffId: string,
  input: WrapUpInput,
): Promise<HandoffView> {
  const userId = personOf(ctx.access);
  const projectId = ctx.access.projectId;
  await wrapUpHandoff(routing(), projectId, handoffId, userId, input);
  await auditAs(ctx, {
    action: 'handoff.wrap_up',
    targetType: 'handoff',
    targetId: handoffId,
    diff: { after: { disposition: input.disposition } },
  });
  const row = await findHandoff({ id: handoffId, projectId });
  if (!row) throw new ServiceError(404, 'handoff_not_found', 'No such handoff in this project.');
  return view(row);
}
