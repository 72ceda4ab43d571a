/**
 * Phone numbers (and SIP addresses) of a project: which connection they arrive on, which agent answers
 * (its live version or a pinned one), the caller ID for calls out, and working hours with what answers
 * after hours. Audited; routing picks changes up at once.
 */
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import type { CreatePhoneNumberInput, UpdatePhoneNumberInput } from './phone-number-input.ts';
import { announceRoutesChanged } from './telephony-bus.server.ts';
import { workingHoursInput, type WorkingHours } from './working-hours.ts';

export interface PhoneNumberView {
  id: string;
  address: string;
  kind: 'e164' | 'sip';
  label: string;
  connection: { id: string; name: string } | null;
  agent: { id: string; name: string; liveVersion: number | null } | null;
  pinnedVersion: { id: string; number: number } | null;
  outboundCallerId: string;
  workingHours: WorkingHours | null;
  afterHoursAgent: { id: string; name: string } | null;
  afterHoursMessage: string;
  createdAt: Date;
  updatedAt: Date;
}

const include = {
  connection: { select: { id: true, name: true } },
  agent: { select: { id: true, name: true, liveVersion: { select: { number: true } } } },
} as const;

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;
function findRow(projectId: string, id: string) {
  return db().phoneNumber.findFirst({ where: { id, projectId }, include });
}

export const numberNotFound = () =>
  new ServiceError(404, 'phone_number_not_found', 'No such phone number in this project.');

async function views(projectId: string, rows: Row[]): Promise<PhoneNumberView[]> {
  const versionIds = rows.map((r) => r.pinnedVersionId).filter((v): v is string => v !== null);
  const agentIds = rows.map((r) => r.afterHoursAgentId).filter((v): v is string => v !== null);
  const [versions, agents] = await Promise.all([
    versionIds.length
      ? db().agentVersion.findMany({
          where: { projectId, id: { in: versionIds } },
          select: { id: true, number: true },
        })
      : [],
    agentIds.length
      ? db().agent.findMany({ where: { projectId, id: { in: agentIds } }, select: { id: true, name: true } })
      : [],
  ]);
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const agentById = new Map(agents.map((a) => [a.id, a]));
  return rows.map((row) => {
    const hours = workingHoursInput.safeParse(row.workingHours);
    return {
      id: row.id,
      address: row.address,
      kind: row.address.startsWith('+') ? 'e164' : 'sip',
      label: row.label,
      connection: row.connection,
      agent: row.agent
        ? { id: row.agent.id, name: row.agent.name, liveVersion: row.agent.liveVersion?.number ?? null }
        : null,
      pinnedVersion: row.pinnedVersionId ? (versionById.get(row.pinnedVersionId) ?? null) : null,
      outboundCallerId: row.outboundCallerId,
      workingHours: row.workingHours === null || !hours.success ? null : hours.data,
      afterHoursAgent: row.afterHoursAgentId ? (agentById.get(row.afterHoursAgentId) ?? null) : null,
      afterHoursMessage: row.afterHoursMessage,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

export async function listPhoneNumbers(projectId: string): Promise<PhoneNumberView[]> {
  const rows = await db().phoneNumber.findMany({
    where: { projectId },
    include,
    orderBy: { createdAt: 'asc' },
  });
  return views(projectId, rows);
}

export async function getPhoneNumber(projectId: string, id: string): Promise<PhoneNumberView> {
  const row = await findRow(projectId, id);
  if (!row) throw numberNotFound();
  return (await views(projectId, [row]))[0]!;
}

type References = Pick<
  CreatePhoneNumberInput,
  'connectionId' | 'agentId' | 'pinnedVersionId' | 'afterHoursAgentId'
>;

/** Every id a number points at must belong to the same project (and a pinned version to its agent). */
async function checkReferences(projectId: string, refs: References): Promise<void> {
  const fields: Record<string, string[]> = {};
  const [connection, agent, version, afterHours] = await Promise.all([
    refs.connectionId
      ? db().sipConnection.findFirst({ where: { id: refs.connectionId, projectId }, select: { id: true } })
      : null,
    refs.agentId
      ? db().agent.findFirst({ where: { id: refs.agentId, projectId }, select: { id: true } })
      : null,
    refs.pinnedVersionId
      ? db().agentVersion.findFirst({
          where: { id: refs.pinnedVersionId, projectId },
          select: { agentId: true },
        })
      : null,
    refs.afterHoursAgentId
      ? db().agent.findFirst({ where: { id: refs.afterHoursAgentId, projectId }, select: { id: true } })
      : null,
  ]);
  if (refs.connectionId && !connection) fields.connectionId = ['No such connection in this project'];
  if (refs.agentId && !agent) fields.agentId = ['No such agent in this project'];
  if (refs.pinnedVersionId && !refs.agentId) fields.pinnedVersionId = ['Choose the agent first'];
  else if (refs.pinnedVersionId && version?.agentId !== refs.agentId)
    fields.pinnedVersionId = ['This version belongs to another agent'];
  if (refs.afterHoursAgentId && !afterHours) fields.afterHoursAgentId = ['No such agent in this project'];
  if (Object.keys(fields).length > 0)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', fields);
}

async function checkAddressFree(address: string, exceptId?: string): Promise<void> {
  const taken = await db().phoneNumber.findFirst({
    where: { address, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  // Addresses are unique across projects (the gateway routes by them): say so without naming the owner.
  if (taken)
    throw new ServiceError(409, 'phone_number_taken', 'This number is already connected.', {
      address: ['This number is already connected (here or in another project)'],
    });
}

const auditShape = (v: PhoneNumberView) => ({
  address: v.address,
  label: v.label,
  connectionId: v.connection?.id ?? null,
  agentId: v.agent?.id ?? null,
  pinnedVersionId: v.pinnedVersion?.id ?? null,
  outboundCallerId: v.outboundCallerId,
  workingHours: v.workingHours,
  afterHoursAgentId: v.afterHoursAgent?.id ?? null,
  afterHoursMessage: v.afterHoursMessage,
});

export async function createPhoneNumber(
  ctx: ServiceContext,
  input: CreatePhoneNumberInput,
): Promise<PhoneNumberView> {
  const { projectId } = ctx.access;
  await checkReferences(projectId, input);
  await checkAddressFree(input.address);
  const row = await db().phoneNumber.create({
    data: { ...input, projectId, workingHours: input.workingHours ?? undefined },
    include,
  });
  await announceRoutesChanged();
  const view = (await views(projectId, [row]))[0]!;
  await auditAs(ctx, {
    action: 'phone_number.create',
    targetType: 'phone_number',
    targetId: row.id,
    diff: { after: auditShape(view) },
  });
  return view;
}

export async function updatePhoneNumber(
  ctx: ServiceContext,
  id: string,
  input: UpdatePhoneNumberInput,
): Promise<PhoneNumberView> {
  const { projectId } = ctx.access;
  const before = await findRow(projectId, id);
  if (!before) throw numberNotFound();
  const agentId = input.agentId !== undefined ? input.agentId : before.agentId;
  // A new agent without a version named unpins: a pinned version of the old agent would not fit.
  const pinnedVersionId =
    input.pinnedVersionId !== undefined
      ? input.pinnedVersionId
      : input.agentId !== undefined && input.agentId !== before.agentId
        ? null
        : before.pinnedVersionId;
  await checkReferences(projectId, {
    connectionId: input.connectionId !== undefined ? input.connectionId : null,
    agentId,
    pinnedVersionId,
    afterHoursAgentId: input.afterHoursAgentId ?? null,
  });
  if (input.address && input.address !== before.address) await checkAddressFree(input.address, id);
  const beforeView = (await views(projectId, [before]))[0]!;
  const { workingHours, ...rest } = input;
  const row = await db().phoneNumber.update({
    where: { id },
    data: {
      ...rest,
      pinnedVersionId,
      ...(workingHours !== undefined ? { workingHours: workingHours ?? Prisma.DbNull } : {}),
    },
    include,
  });
  await announceRoutesChanged();
  const view = (await views(projectId, [row]))[0]!;
  await auditAs(ctx, {
    action: 'phone_number.update',
    targetType: 'phone_number',
    targetId: id,
    diff: { before: auditShape(beforeView), after: auditShape(view) },
  });
  return view;
}

export async function deletePhoneNumber(ctx: ServiceContext, id: string): Promise<void> {
  const { projectId } = ctx.access;
  const before = await findRow(projectId, id);
  if (!before) throw numberNotFound();
  const beforeView = (await views(projectId, [before]))[0]!;
  await db().phoneNumber.delete({ where: { id } });
  await announceRoutesChanged();
  await auditAs(ctx, {
    action: 'phone_number.delete',
    targetType: 'phone_number',
    targetId: id,
    diff: { before: auditShape(beforeView) },
  });
}
