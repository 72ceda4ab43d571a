/**
 * SIP connections of a project: CRUD with the password sealed through the credentials service, every
 * change audited (the password masked) and announced to running media servers, which
 * re-register at once.
 */
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { SECRET_SET_MASK } from '../secrets/envelope.ts';
import { PROVIDER_PRESETS } from './provider-presets.ts';
import { readRegistrationStatuses, type RegistrationStatus } from './registration-status.server.ts';
import { credentialActor, credentialNameFor, sipCredentials } from './sip-credentials.server.ts';
import {
  callerIdRulesInput,
  credentialIssues,
  type CallerIdRules,
  type CreateSipConnectionInput,
  type UpdateSipConnectionInput,
} from './sip-connection-input.ts';
import { publishTelephony, telephonyRedis } from './telephony-bus.server.ts';

export interface SipConnectionView {
  id: string;
  name: string;
  provider: string;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  authMode: 'registration' | 'ip';
  username: string;
  authUsername: string;
  /** A fixed mask when a password is stored, null when none is: never any of its characters. */
  password: string | null;
  outboundProxy: string;
  codecs: string[];
  callerIdRules: CallerIdRules;
  maxConcurrentCalls: number;
  registerExpires: number;
  enabled: boolean;
  /** Live registration as the media server reports it; null = no media server has reported it. */
  registration: RegistrationStatus | null;
  numberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;
function findRow(projectId: string, id: string) {
  return db().sipConnection.findFirst({
    where: { id, projectId },
    include: { _count: { select: { numbers: true } } },
  });
}

export const connectionNotFound = () =>
  new ServiceError(404, 'sip_connection_not_found', 'No such SIP connection in this project.');

async function maskedPasswords(projectId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db().credential.findMany({
    where: { projectId, id: { in: wanted } },
    select: { id: true },
  });
  // Only that one is set: a password's last characters are a real piece of it (issue 14, item 15).
  return new Map(rows.map((r) => [r.id, SECRET_SET_MASK]));
}

function toView(
  row: Row,
  masked: Map<string, string>,
  live: Map<string, RegistrationStatus>,
): SipConnectionView {
  const rules = callerIdRulesInput.safeParse(row.callerIdRules);
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    host: row.host,
    port: row.port,
    transport: row.transport === 'tcp' ? 'tcp' : 'udp',
    authMode: row.authMode === 'ip' ? 'ip' : 'registration',
    username: row.username,
    authUsername: row.authUsername,
    password: row.credentialId ? (masked.get(row.credentialId) ?? null) : null,
    outboundProxy: row.outboundProxy,
    codecs: row.codecs,
    callerIdRules: rules.success ? rules.data : { defaultCallerId: '', format: 'e164' },
    maxConcurrentCalls: row.maxConcurrentCalls,
    registerExpires: row.registerExpires,
    enabled: row.enabled,
    registration: live.get(row.id) ?? null,
    numberCount: row._count.numbers,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function liveStatuses(ids: string[]): Promise<Map<string, RegistrationStatus>> {
  try {
    return await readRegistrationStatuses(telephonyRedis(), ids);
  } catch {
    return new Map(); // Redis down: the list still answers, status shows as unknown
  }
}

async function views(projectId: string, rows: Row[]): Promise<SipConnectionView[]> {
  const [masked, live] = await Promise.all([
    maskedPasswords(
      projectId,
      rows.map((r) => r.credentialId),
    ),
    liveStatuses(rows.map((r) => r.id)),
  ]);
  return rows.map((r) => toView(r, masked, live));
}

export async function listSipConnections(projectId: string): Promise<SipConnectionView[]> {
  const rows = await db().sipConnection.findMany({
    where: { projectId },
    include: { _count: { select: { numbers: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return views(projectId, rows);
}

export async function getSipConnection(projectId: string, id: string): Promise<SipConnectionView> {
  const row = await findRow(projectId, id);
  if (!row) throw connectionNotFound();
  return (await views(projectId, [row]))[0]!;
}

const nameTaken = () =>
  new ServiceError(409, 'sip_connection_name_taken', 'A connection with this name already exists.', {
    name: ['This name is already used in the project'],
  });

/** What the audit log keeps of a connection: everything but the password, which shows masked. */
function auditShape(view: SipConnectionView) {
  const { registration: _live, numberCount: _count, createdAt: _c, updatedAt: _u, ...rest } = view;
  return rest;
}

async function announce(projectId: string, connectionId: string): Promise<void> {
  try {
    await publishTelephony({ type: 'connection.changed', projectId, connectionId });
  } catch {
    // Media servers reload from Postgres when they start; a Redis outage only delays the change.
  }
}

export async function createSipConnection(
  ctx: ServiceContext,
  input: CreateSipConnectionInput,
): Promise<SipConnectionView> {
  const { projectId } = ctx.access;
  const preset = PROVIDER_PRESETS[input.provider];
  const host = input.host ?? preset.host;
  if (!host)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', {
      host: ['Enter the host your provider gave you'],
    });
  if (await db().sipConnection.findFirst({ where: { projectId, name: input.name }, select: { id: true } }))
    throw nameTaken();
  const id = crypto.randomUUID();
  const authMode = input.authMode ?? preset.authMode;
  let credentialId: string | null = null;
  if (input.password !== undefined) {
    const credential = await sipCredentials().create(
      projectId,
      { name: credentialNameFor(id), kind: 'sip_password', secret: input.password },
      credentialActor(ctx),
    );
    credentialId = credential.id;
  }
  const row = await db().sipConnection.create({
    data: {
      id,
      projectId,
      name: input.name,
      provider: input.provider,
      host,
      port: input.port ?? preset.port,
      transport: input.transport ?? preset.transport,
      authMode,
      username: input.username,
      authUsername: input.authUsername,
      credentialId,
      outboundProxy: input.outboundProxy,
      codecs: input.codecs,
      callerIdRules: input.callerIdRules,
      maxConcurrentCalls: input.maxConcurrentCalls,
      registerExpires: input.registerExpires,
      enabled: input.enabled,
    },
    include: { _count: { select: { numbers: true } } },
  });
  const view = (await views(projectId, [row]))[0]!;
  await auditAs(ctx, {
    action: 'sip_connection.create',
    targetType: 'sip_connection',
    targetId: id,
    diff: { after: auditShape(view) },
  });
  await announce(projectId, id);
  return view;
}

export async function updateSipConnection(
  ctx: ServiceContext,
  id: string,
  input: UpdateSipConnectionInput,
): Promise<SipConnectionView> {
  const { projectId } = ctx.access;
  const before = await findRow(projectId, id);
  if (!before) throw connectionNotFound();
  const merged = {
    authMode: input.authMode ?? before.authMode,
    username: input.username ?? before.username,
    password: input.password,
  };
  const issues = credentialIssues(merged, before.credentialId !== null);
  if (Object.keys(issues).length > 0)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', issues);
  if (input.name && input.name !== before.name) {
    const clash = await db().sipConnection.findFirst({
      where: { projectId, name: input.name, id: { not: id } },
      select: { id: true },
    });
    if (clash) throw nameTaken();
  }
  const beforeView = (await views(projectId, [before]))[0]!;
  let credentialId = before.credentialId;
  if (input.password !== undefined) {
    const by = credentialActor(ctx);
    const replaced = credentialId
      ? await sipCredentials().replaceSecret(projectId, credentialId, input.password, by)
      : null;
    if (!replaced) {
      const created = await sipCredentials().create(
        projectId,
        { name: credentialNameFor(id), kind: 'sip_password', secret: input.password },
        by,
      );
      credentialId = created.id;
    }
  }
  const { password: _password, ...data } = input;
  const row = await db().sipConnection.update({
    where: { id },
    data: { ...data, credentialId },
    include: { _count: { select: { numbers: true } } },
  });
  const view = (await views(projectId, [row]))[0]!;
  const changed = Object.keys(input) as (keyof SipConnectionView)[];
  const pick = (v: SipConnectionView) =>
    Object.fromEntries(changed.map((k) => [k, auditShape(v)[k as keyof ReturnType<typeof auditShape>]]));
  await auditAs(ctx, {
    action: 'sip_connection.update',
    targetType: 'sip_connection',
    targetId: id,
    diff: { before: pick(beforeView), after: pick(view) },
  });
  await announce(projectId, id);
  return view;
}

export async function deleteSipConnection(ctx: ServiceContext, id: string): Promise<void> {
  const { projectId } = ctx.access;
  const before = await findRow(projectId, id);
  if (!before) throw connectionNotFound();
  const beforeView = (await views(projectId, [before]))[0]!;
  await db().sipConnection.delete({ where: { id } });
  if (before.credentialId)
    await sipCredentials().remove(projectId, before.credentialId, credentialActor(ctx));
  await auditAs(ctx, {
    action: 'sip_connection.delete',
    targetType: 'sip_connection',
    targetId: id,
    diff: { before: auditShape(beforeView) },
  });
  await announce(projectId, id);
}

/** Whether the project has this connection (the check asks the media server only about its own). */
export async function sipConnectionExists(projectId: string, id: string): Promise<boolean> {
  return (await db().sipConnection.count({ where: { id, projectId } })) > 0;
}
