/**
 * The `send-message` job: one queued message through its provider. Compliance is checked at the moment of
 * sending (never only when queued): a recipient on the DNC list (a number, or a Telegram chat that sent /stop)
 * is refused with the reason recorded; quiet hours in the recipient's zones move the send to the morning there.
 *
 * Exactly-once as far as the protocols allow: one statement claims the row (queued → sending) and reads its
 * channel and DNC entry; only then is the provider called. A row found still "sending" means an earlier attempt
 * stopped between the provider accepting and our recording it: where the provider can look a message up by our
 * id we ask it, else the message goes to "review" rather than being sent twice blindly. A provider 5xx (nothing
 * accepted) puts the row back to queued for BullMQ's retry; a final answer fails it with the provider's words.
 */
import type { Redis } from 'ioredis';
import type { Db } from '../db.ts';
import { complianceRulesFor } from '../compliance/compliance-settings.server.ts';
import { quietHoursRule } from '../compliance/compliance-rules.ts';
import { allowedEverywhere, nextAllowed, type WindowRule } from '../compliance/local-time.ts';
import { zonesForNumber } from '../compliance/phone-zones.ts';
import { channelView, PHONE_CHANNELS, providerFor, type ChannelRow } from './channels.server.ts';
import { channelLimits, takeSendSlot } from './send-limits.ts';
import type { DeliveryState, MessagingProvider } from './providers/provider.ts';
import { TtlCache } from './send-cache.ts';

/** Thrown so BullMQ retries with backoff; the message row keeps the reason. */
export class SendRetry extends Error {}

export type SendResult =
  | { status: 'sent'; pollDelivery: boolean }
  | { status: 'failed' | 'refused' | 'skipped' | 'review'; reason?: string }
  | { status: 'deferred'; until: Date };

export interface SendDeps {
  db: Db;
  now?: () => Date;
  /** The provider for a channel row; tests and the bench hand in their own. */
  provider?: (channel: ChannelRow) => Promise<MessagingProvider>;
  /** Re-queues the job after a quiet-hours deferral. */
  requeue: (messageId: string, delayMs: number) => Promise<void>;
  /** Where the channels' rate windows and per-recipient caps are kept (shared by every worker process). */
  redis?: Redis;
}

const providers = new TtlCache<MessagingProvider>(60_000);
const quietRules = new TtlCache<{ quiet: WindowRule | null; timeZone: string }>(15_000);

/** Forget cached providers and rules (tests that change a project's settings mid-run). */
export function clearSendCaches(): void {
  providers.clear();
  quietRules.clear();
}

function cachedProvider(deps: Pick<SendDeps, 'provider'>, channel: ChannelRow): Promise<MessagingProvider> {
  if (deps.provider) return deps.provider(channel);
  return providers.get(`${channel.id}:${channel.updatedAt.getTime()}`, () => providerFor(channel));
}

function projectQuiet(db: Db, projectId: string) {
  return quietRules.get(projectId, async () => {
    const [rules, project] = await Promise.all([
      complianceRulesFor(projectId, db),
      db.project.findUnique({ where: { id: projectId }, select: { timeZone: true } }),
    ]);
    return { quiet: quietHoursRule(rules.quietHours), timeZone: project?.timeZone ?? 'Europe/Moscow' };
  });
}

interface Claimed {
  id: string;
  projectId: string;
  recipient: string;
  subject: string;
  body: string;
  status: string;
  /** True when this call moved the row from queued to sending. */
  claimed: boolean;
  dncReason: string | null;
  channel: ChannelRow;
}

type ClaimRow = Omit<Claimed, 'channel' | 'claimed'> & {
  channelId: string;
  c_name: string;
  c_kind: string;
  c_settings: unknown;
  c_credentialId: string | null;
  c_enabled: boolean;
  c_inboundTokenHash: string | null;
  c_createdAt: Date;
  c_updatedAt: Date;
};

const CHANNEL_COLUMNS = `c.name AS c_name, c.kind AS c_kind, c.settings AS c_settings,
  c."credentialId" AS "c_credentialId", c.enabled AS c_enabled, c."inboundTokenHash" AS "c_inboundTokenHash",
  c."createdAt" AS "c_createdAt", c."updatedAt" AS "c_updatedAt"`;
const DNC_REASON = `(SELECT COALESCE(NULLIF(d.reason, ''), d.source) FROM dnc_entries d
  WHERE d."projectId" = m."projectId"
    AND d.phone = CASE WHEN c.kind = 'telegram' THEN 'telegram:' || m.recipient ELSE m.recipient END) AS "dncReason"`;

const claimedOf = (row: ClaimRow, won: boolean): Claimed => ({
  id: row.id,
  projectId: row.projectId,
  recipient: row.recipient,
  subject: row.subject,
  body: row.body,
  status: row.status,
  claimed: won,
  dncReason: row.dncReason,
  channel: {
    id: row.channelId,
    projectId: row.projectId,
    name: row.c_name,
    kind: row.c_kind,
    settings: row.c_settings as ChannelRow['settings'],
    credentialId: row.c_credentialId,
    enabled: row.c_enabled,
    inboundTokenHash: row.c_inboundTokenHash,
    createdAt: row.c_createdAt,
    updatedAt: row.c_updatedAt,
  },
});

/** Claims the queued ones of these messages (queued → sending) with their channels and DNC entries, at once. */
async function claimMany(db: Db, ids: readonly string[]): Promise<Claimed[]> {
  const rows = await db.$queryRawUnsafe<ClaimRow[]>(
    `UPDATE messages m SET status = 'sending'
       FROM messaging_channels c
      WHERE m.id = ANY($1::uuid[]) AND m.status = 'queued' AND c.id = m."channelId"
     RETURNING m.id, m."projectId", m."channelId", m.recipient, m.subject, m.body, 'queued' AS status,
       ${CHANNEL_COLUMNS}, ${DNC_REASON}`,
    ids,
  );
  return rows.map((r) => claimedOf(r, true));
}

/**
 * Claims a queued message (queued → sending) and reads its channel and DNC entry in the same statement;
 * a row that is not queued is read as it is, unclaimed.
 */
async function claim(db: Db, messageId: string): Promise<Claimed | null> {
  const [won] = await claimMany(db, [messageId]);
  if (won) return won;
  const seen = await db.$queryRawUnsafe<ClaimRow[]>(
    `SELECT m.id, m."projectId", m."channelId", m.recipient, m.subject, m.body, m.status,
       ${CHANNEL_COLUMNS}, ${DNC_REASON}
       FROM messages m JOIN messaging_channels c ON c.id = m."channelId" WHERE m.id = $1::uuid`,
    messageId,
  );
  return seen[0] ? claimedOf(seen[0], false) : null;
}

export async function sendQueuedMessage(
  deps: SendDeps,
  messageId: string,
  finalAttempt: boolean,
): Promise<SendResult> {
  const now = deps.now?.() ?? new Date();
  const message = await claim(deps.db, messageId);
  if (!message) return { status: 'skipped' };
  if (!message.claimed) {
    if (message.status !== 'sending') return { status: 'skipped' };
    // An earlier attempt stopped after claiming: the provider may or may not have the message.
    return recoverSending(deps, message, now);
  }
  const sent = await sendClaimed(deps, message, finalAttempt, now);
  if (sent.status !== 'accepted') return sent;
  await markSentMany(deps.db, [sent]);
  return { status: 'sent', pollDelivery: sent.pollDelivery };
}

/** The provider took it; the row is marked sent by the caller, alone or with the rest of its batch. */
interface Accepted {
  status: 'accepted';
  id: string;
  providerId: string;
  pollDelivery: boolean;
  at: Date;
}

const BATCH_LANES = 10;

export interface BatchResult {
  sent: Array<{ id: string; pollDelivery: boolean }>;
  /** Provider errors worth another try: sent again later, one job each, with backoff. */
  retry: string[];
  other: number;
}

/**
 * A batch of queued messages (issue 22, throughput): one statement claims them all, the provider calls run
 * side by side, and one statement marks every accepted one sent. A message that is not queued any more (a
 * batch job run twice, a crash mid-send) goes the single-message way, which asks before sending again.
 */
export async function sendQueuedBatch(deps: SendDeps, ids: readonly string[]): Promise<BatchResult> {
  const now = deps.now?.() ?? new Date();
  const claimed = await claimMany(deps.db, ids);
  const won = new Set(claimed.map((m) => m.id));
  const result: BatchResult = { sent: [], retry: [], other: 0 };
  const accepted: Accepted[] = [];
  const settle = (id: string, outcome: Promise<SendResult | Accepted>) =>
    outcome.then(
      (r) => {
        if (r.status === 'accepted') accepted.push(r);
        else if (r.status === 'sent') result.sent.push({ id, pollDelivery: r.pollDelivery });
        else result.other += 1;
      },
      (error: unknown) => {
        if (!(error instanceof SendRetry)) throw error;
        result.retry.push(id);
      },
    );
  const work = [
    ...claimed.map((m) => () => settle(m.id, sendClaimed(deps, m, false, now))),
    ...ids.filter((id) => !won.has(id)).map((id) => () => settle(id, sendQueuedMessage(deps, id, false))),
  ];
  // A few provider calls at a time per batch: hundreds at once only make each wait past its timeout.
  let next = 0;
  const lane = async () => {
    while (next < work.length) await work[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_LANES, work.length) }, lane));
  await markSentMany(deps.db, accepted);
  for (const a of accepted) result.sent.push({ id: a.id, pollDelivery: a.pollDelivery });
  return result;
}

/** Compliance, limits and the provider call for a message this worker has claimed. */
async function sendClaimed(
  deps: SendDeps,
  message: Claimed,
  finalAttempt: boolean,
  now: Date,
): Promise<SendResult | Accepted> {
  const { db } = deps;
  const messageId = message.id;
  const { channel } = message;

  if (!channel.enabled) return finish(db, messageId, 'failed', 'channel switched off', now);
  if (message.dncReason !== null) return finish(db, messageId, 'refused', `dnc: ${message.dncReason}`, now);

  if (PHONE_CHANNELS.has(channel.kind)) {
    const { quiet, timeZone } = await projectQuiet(db, message.projectId);
    if (quiet) {
      const zones = zonesForNumber(message.recipient, timeZone);
      if (!allowedEverywhere(now, zones, [quiet])) {
        const until = nextAllowed(now, zones, [quiet]) ?? new Date(now.getTime() + 3_600_000);
        await db.message.update({
          where: { id: messageId },
          data: { status: 'queued', deferredUntil: until, reason: `quiet_hours: ${zones.join(',')}` },
        });
        await deps.requeue(messageId, Math.max(1_000, until.getTime() - now.getTime()));
        return { status: 'deferred', until };
      }
    }
  }

  const limits = deps.redis ? channelLimits(channel.kind, channelView(channel).settings) : null;
  if (limits && deps.redis) {
    const { timeZone } = await projectQuiet(db, message.projectId);
    const slot = await takeSendSlot(deps.redis, {
      channelId: channel.id,
      recipient: message.recipient,
      messageId,
      limits,
      timeZone,
      now,
    });
    if (slot.kind === 'cap')
      return finish(
        db,
        messageId,
        'refused',
        `cap: ${limits.perRecipientDaily} a day to one recipient through ${channel.name}`,
        now,
      );
    if (slot.kind === 'rate') {
      // Not a refusal: the provider's rate is full this second; the send waits for the window.
      const until = new Date(now.getTime() + slot.waitMs);
      await db.message.update({
        where: { id: messageId },
        data: { status: 'queued', reason: `rate_limit: ${limits.ratePerSecond}/s on ${channel.name}` },
      });
      await deps.requeue(messageId, slot.waitMs);
      return { status: 'deferred', until };
    }
  }

  const provider = await cachedProvider(deps, channel);
  const outcome = await provider.send({
    to: message.recipient,
    text: message.body,
    subject: message.subject,
    ref: message.id,
  });
  if (outcome.ok)
    return {
      status: 'accepted',
      id: messageId,
      providerId: outcome.providerId,
      pollDelivery: Boolean(provider.status),
      at: new Date(),
    };
  if (outcome.retryable && !finalAttempt) {
    // An answer that says "not taken" frees the row for the retry; an unknown one (a timeout after the
    // request left) keeps it "sending", so the retry asks the provider before sending again.
    await db.message.update({
      where: { id: messageId },
      data: {
        ...(outcome.unknown ? {} : { status: 'queued' }),
        reason: outcome.reason,
        attempts: { increment: 1 },
      },
    });
    throw new SendRetry(outcome.reason);
  }
  await db.message.update({ where: { id: messageId }, data: { attempts: { increment: 1 } } });
  return finish(db, messageId, 'failed', outcome.reason, now);
}

async function markSent(db: Db, id: string, providerId: string, pollDelivery: boolean): Promise<SendResult> {
  await markSentMany(db, [{ id, providerId, at: new Date() }]);
  return { status: 'sent', pollDelivery };
}

/** Every accepted message of a batch marked sent in one statement. */
async function markSentMany(
  db: Db,
  accepted: ReadonlyArray<Pick<Accepted, 'id' | 'providerId' | 'at'>>,
): Promise<void> {
  if (accepted.length === 0) return;
  await db.$executeRawUnsafe(
    `UPDATE messages m SET status = 'sent', "providerId" = v.pid, "sentAt" = v.at, reason = NULL,
        attempts = m.attempts + 1
       FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::text[]) AS pid, unnest($3::timestamptz[]) AS at) v
      WHERE m.id = v.id`,
    accepted.map((a) => a.id),
    accepted.map((a) => a.providerId),
    accepted.map((a) => a.at.toISOString()),
  );
}

const REVIEW_REASON =
  'review: the worker stopped while the provider was being asked, and this provider cannot be asked whether it took the message; check before sending again';

async function recoverSending(deps: SendDeps, message: Claimed, now: Date): Promise<SendResult> {
  const provider = await cachedProvider(deps, message.channel);
  if (!provider.lookupByRef) {
    await deps.db.message.update({
      where: { id: message.id },
      data: { status: 'review', reason: REVIEW_REASON },
    });
    return { status: 'review', reason: REVIEW_REASON };
  }
  const found = await provider.lookupByRef(message.id, message.recipient);
  if (found.found) return markSent(deps.db, message.id, found.providerId, Boolean(provider.status));
  // The provider never saw it: send now (the row is ours, still "sending").
  const outcome = await provider.send({
    to: message.recipient,
    text: message.body,
    subject: message.subject,
    ref: message.id,
  });
  if (outcome.ok) return markSent(deps.db, message.id, outcome.providerId, Boolean(provider.status));
  if (outcome.retryable) {
    await deps.db.message.update({
      where: { id: message.id },
      data: { reason: outcome.reason, attempts: { increment: 1 } },
    });
    throw new SendRetry(outcome.reason);
  }
  return finish(deps.db, message.id, 'failed', outcome.reason, now);
}

async function finish(
  db: Db,
  id: string,
  status: 'failed' | 'refused',
  reason: string,
  now: Date,
): Promise<SendResult> {
  await db.message.update({ where: { id }, data: { status, reason, failedAt: now } });
  return { status, reason };
}

/** The provider's delivery report for a sent message (SMS.ru status query): sent → delivered | failed. */
export async function checkDelivery(
  deps: Pick<SendDeps, 'db' | 'provider'>,
  messageId: string,
): Promise<'sent' | 'delivered' | 'failed' | 'skipped'> {
  const message = await deps.db.message.findUnique({ where: { id: messageId }, include: { channel: true } });
  if (!message || message.status !== 'sent' || !message.providerId) return 'skipped';
  const provider = await cachedProvider(deps, message.channel);
  if (!provider.status) return 'sent';
  const report = await provider.status(message.providerId);
  if (report.state === 'delivered')
    await deps.db.message.updateMany({
      where: { id: messageId, status: 'sent' },
      data: { status: 'delivered', deliveredAt: new Date() },
    });
  if (report.state === 'failed')
    await deps.db.message.updateMany({
      where: { id: messageId, status: 'sent' },
      data: { status: 'failed', failedAt: new Date(), reason: report.reason ?? 'not delivered' },
    });
  return report.state;
}

/**
 * Delivery reports of a batch's sent messages: one read of the rows, one status request per channel where the
 * provider takes many ids (SMS.ru), one update for the delivered. Answers how many are still on their way.
 */
export async function checkDeliveryMany(
  deps: Pick<SendDeps, 'db' | 'provider'>,
  messageIds: readonly string[],
): Promise<{ pending: number; delivered: number; failed: number }> {
  const rows = await deps.db.message.findMany({
    where: { id: { in: [...messageIds] }, status: 'sent', providerId: { not: null } },
    select: { id: true, providerId: true, channel: true },
  });
  const byChannel = new Map<string, typeof rows>();
  for (const r of rows) byChannel.set(r.channel.id, [...(byChannel.get(r.channel.id) ?? []), r]);
  const delivered: string[] = [];
  const failed: Array<{ id: string; reason: string }> = [];
  let pending = 0;
  for (const group of byChannel.values()) {
    const provider = await cachedProvider(deps, group[0]!.channel);
    const ids = group.map((r) => r.providerId!);
    type Report = { state: DeliveryState; reason?: string };
    const one = async (id: string): Promise<[string, Report]> => [
      id,
      provider.status ? await provider.status(id) : { state: 'sent' },
    ];
    const states: Map<string, Report> = provider.statusMany
      ? await provider.statusMany(ids)
      : new Map(await Promise.all(ids.map(one)));
    for (const r of group) {
      const report = states.get(r.providerId!);
      if (report?.state === 'delivered') delivered.push(r.id);
      else if (report?.state === 'failed')
        failed.push({ id: r.id, reason: report.reason ?? 'not delivered' });
      else pending += 1;
    }
  }
  const now = new Date();
  if (delivered.length)
    await deps.db.message.updateMany({
      where: { id: { in: delivered }, status: 'sent' },
      data: { status: 'delivered', deliveredAt: now },
    });
  for (const f of failed)
    await deps.db.message.updateMany({
      where: { id: f.id, status: 'sent' },
      data: { status: 'failed', failedAt: now, reason: f.reason },
    });
  return { pending, delivered: delivered.length, failed: failed.length };
}
