/**
 * Test calls from the screen: the web app records the request and tells the media servers; one of them
 * claims it, places the call and writes its progress to the row, which the screen polls.
 */
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { AddressRefusedError, vetHost } from '../net/address-policy.ts';
import { parseProxy } from './sip-connection-input.ts';
import { sipText } from './sip-text.ts';
import { telephonyAllowHosts } from './telephony-allow-hosts.ts';
import { publishTelephony } from './telephony-bus.server.ts';

const dialTarget = sipText()
  .trim()
  .min(1, 'Whom to call')
  .max(64)
  .regex(/^(\+?[\d ()-]{3,20}|[a-z0-9._~-]{1,64})$/i, 'A phone number or a SIP user name');

export const createTestCallInput = z.object({
  connectionId: z.uuid({ error: 'Choose a connection' }),
  agentId: z.uuid({ error: 'Choose an agent' }),
  /** Default: the agent's live version. */
  versionId: z.uuid({ error: 'Choose a version' }).optional(),
  to: dialTarget,
  callerId: sipText()
    .trim()
    .max(20)
    .regex(/^\+?\d*$/, 'Digits only, optionally starting with +')
    .default(''),
});
export type CreateTestCallInput = z.infer<typeof createTestCallInput>;

export interface TestCallView {
  id: string;
  connectionId: string;
  agentId: string;
  versionId: string;
  to: string;
  callerId: string;
  status: 'queued' | 'trying' | 'ringing' | 'answered' | 'ended' | 'failed';
  sipCode: number | null;
  reason: string;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  createdAt: Date;
}

const STATUSES = ['queued', 'trying', 'ringing', 'answered', 'ended', 'failed'] as const;

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof db>['testCall']['findFirst']>>>;
function toView(row: Row): TestCallView {
  return {
    id: row.id,
    connectionId: row.connectionId,
    agentId: row.agentId,
    versionId: row.versionId,
    to: row.to,
    callerId: row.callerId,
    status: (STATUSES as readonly string[]).includes(row.status)
      ? (row.status as TestCallView['status'])
      : 'failed',
    sipCode: row.sipCode,
    reason: row.reason,
    answeredAt: row.answeredAt,
    endedAt: row.endedAt,
    durationMs: row.durationMs,
    createdAt: row.createdAt,
  };
}

/**
 * The media server vets the first hop again when it dials (ADR 013: resolve at send time); this early look
 * turns the common case, a carrier host on a private or loopback network, into a field error instead of a
 * failed call. A name that does not resolve here is left for the media server to judge.
 */
async function firstHopRefusal(connection: { host: string; outboundProxy: string }): Promise<string | null> {
  const host = (connection.outboundProxy && parseProxy(connection.outboundProxy)?.host) || connection.host;
  try {
    await vetHost(host, { allowHosts: telephonyAllowHosts() });
    return null;
  } catch (error) {
    if (!(error instanceof AddressRefusedError) || error.reason === 'dns_failure') return null;
    return 'This connection’s server is on a private or local network, which the platform does not call unless the administrator allows it (TELEPHONY_ALLOW_HOSTS)';
  }
}

/** A queued call nobody claimed in this long is shown as failed: no media server took it. */
const UNCLAIMED_MS = 15_000;
const LOST_MS = 7 * 60_000;

export async function createTestCall(
  ctx: ServiceContext,
  input: CreateTestCallInput,
): Promise<{ testCall: TestCallView; delivered: boolean }> {
  const { projectId } = ctx.access;
  const [connection, agent] = await Promise.all([
    db().sipConnection.findFirst({
      where: { id: input.connectionId, projectId },
      select: { id: true, enabled: true, host: true, outboundProxy: true },
    }),
    db().agent.findFirst({
      where: { id: input.agentId, projectId },
      select: { id: true, liveVersionId: true },
    }),
  ]);
  const fields: Record<string, string[]> = {};
  if (!connection) fields.connectionId = ['No such connection in this project'];
  else if (!connection.enabled) fields.connectionId = ['This connection is switched off'];
  else {
    const refusal = await firstHopRefusal(connection);
    if (refusal) fields.connectionId = [refusal];
  }
  if (!agent) fields.agentId = ['No such agent in this project'];
  const versionId = input.versionId ?? agent?.liveVersionId ?? null;
  if (agent && !versionId) fields.versionId = ['Publish the agent first, or choose a version'];
  if (agent && versionId && input.versionId) {
    const version = await db().agentVersion.findFirst({
      where: { id: versionId, agentId: agent.id, projectId },
    });
    if (!version) fields.versionId = ['No such version of this agent'];
  }
  if (Object.keys(fields).length > 0 || !versionId)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', fields);
  // Without a caller ID given, call as the connection's first number (its outbound caller ID, else itself);
  // the media server falls back to the connection's default caller ID.
  let callerId = input.callerId;
  if (!callerId) {
    const number = await db().phoneNumber.findFirst({
      where: { projectId, connectionId: input.connectionId, address: { startsWith: '+' } },
      orderBy: { createdAt: 'asc' },
      select: { address: true, outboundCallerId: true },
    });
    callerId = number ? number.outboundCallerId || number.address : '';
  }
  const row = await db().testCall.create({
    data: {
      projectId,
      connectionId: input.connectionId,
      agentId: input.agentId,
      versionId,
      to: input.to.replace(/[\s()-]/g, ''),
      callerId,
      createdById: ctx.access.user?.id ?? null,
    },
  });
  await auditAs(ctx, {
    action: 'test_call.create',
    targetType: 'test_call',
    targetId: row.id,
    diff: { after: { to: row.to, connectionId: row.connectionId, agentId: row.agentId, versionId } },
  });
  let listeners = 0;
  try {
    listeners = await publishTelephony({ type: 'test-call.requested', projectId, testCallId: row.id });
  } catch {
    listeners = 0;
  }
  if (listeners === 0) {
    const failed = await db().testCall.update({
      where: { id: row.id },
      data: { status: 'failed', sipCode: 503, reason: 'No media server is running', endedAt: new Date() },
    });
    return { testCall: toView(failed), delivered: false };
  }
  return { testCall: toView(row), delivered: true };
}

export async function getTestCall(projectId: string, id: string): Promise<TestCallView> {
  const row = await db().testCall.findFirst({ where: { id, projectId } });
  if (!row) throw new ServiceError(404, 'test_call_not_found', 'No such test call in this project.');
  if (row.status === 'queued' && Date.now() - row.createdAt.getTime() > UNCLAIMED_MS)
    return { ...toView(row), status: 'failed', sipCode: 503, reason: 'No media server took the call' };
  // A call lasts at most ring timeout + 5 minutes; past that with no word, its media server is gone.
  const final = row.status === 'ended' || row.status === 'failed';
  if (!final && Date.now() - row.updatedAt.getTime() > LOST_MS)
    return { ...toView(row), status: 'failed', reason: 'The media server stopped reporting this call' };
  return toView(row);
}

export async function listTestCalls(projectId: string): Promise<TestCallView[]> {
  const rows = await db().testCall.findMany({
    where: { projectId },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
  // Campaign calls travel as test-call rows too (issue 21); the screen's list is for the calls people placed.
  const campaign = new Set(
    (
      await db().campaignAttempt.findMany({
        where: { projectId, testCallId: { in: rows.map((r) => r.id) } },
        select: { testCallId: true },
      })
    ).map((a) => a.testCallId),
  );
  return rows
    .filter((r) => !campaign.has(r.id))
    .slice(0, 20)
    .map(toView);
}
