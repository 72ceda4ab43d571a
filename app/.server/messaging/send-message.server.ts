/**
 * The `send-message` job: one queued message through its provider. Compliance is checked at the moment of
 * sending (never only when queued): a number on the DNC list is refused with the reason recorded; quiet hours
 * in the recipient's zones move the send to the morning there (the job is re-queued with that delay). A
 * provider 5xx or network failure is retried with BullMQ's backoff; a final answer fails the message with
 * the provider's reason. A message that is no longer queued is never sent again, so a repeated job is harmless.
 */
import type { Db } from '../db.ts';
import { complianceRulesFor } from '../compliance/compliance-settings.server.ts';
import { quietHoursRule } from '../compliance/compliance-rules.ts';
import { allowedEverywhere, nextAllowed } from '../compliance/local-time.ts';
import { zonesForNumber } from '../compliance/phone-zones.ts';
import { PHONE_CHANNELS, providerFor } from './channels.server.ts';
import type { MessagingProvider } from './providers/provider.ts';

/** Thrown so BullMQ retries with backoff; the message row keeps the reason. */
export class SendRetry extends Error {}

export type SendResult =
  | { status: 'sent' | 'failed' | 'refused' | 'skipped'; reason?: string }
  | { status: 'deferred'; until: Date };

export interface SendDeps {
  db: Db;
  now?: () => Date;
  /** The provider for a channel row; tests and the bench hand in their own. */
  provider?: (channel: Parameters<typeof providerFor>[0]) => Promise<MessagingProvider>;
  /** Re-queues the job after a quiet-hours deferral. */
  requeue: (messageId: string, delayMs: number) => Promise<void>;
}

export async function sendQueuedMessage(
  deps: SendDeps,
  messageId: string,
  finalAttempt: boolean,
): Promise<SendResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const message = await db.message.findUnique({ where: { id: messageId }, include: { channel: true } });
  if (!message || message.status !== 'queued') return { status: 'skipped' };
  const { channel } = message;
  if (!channel.enabled) return finish(db, messageId, 'failed', 'channel switched off', now);

  if (PHONE_CHANNELS.has(channel.kind)) {
    const dnc = await db.dncEntry.findUnique({
      where: { projectId_phone: { projectId: message.projectId, phone: message.recipient } },
    });
    if (dnc) return finish(db, messageId, 'refused', `dnc: ${dnc.reason || dnc.source}`, now);
    const rules = await complianceRulesFor(message.projectId, db);
    const quiet = quietHoursRule(rules.quietHours);
    if (quiet) {
      const project = await db.project.findUnique({
        where: { id: message.projectId },
        select: { timeZone: true },
      });
      const zones = zonesForNumber(message.recipient, project?.timeZone ?? 'Europe/Moscow');
      if (!allowedEverywhere(now, zones, [quiet])) {
        const until = nextAllowed(now, zones, [quiet]) ?? new Date(now.getTime() + 3_600_000);
        await db.message.update({
          where: { id: messageId },
          data: { deferredUntil: until, reason: `quiet_hours: ${zones.join(',')}` },
        });
        await deps.requeue(messageId, Math.max(1_000, until.getTime() - now.getTime()));
        return { status: 'deferred', until };
      }
    }
  }

  const provider = await (deps.provider ?? providerFor)(channel);
  const outcome = await provider.send({
    to: message.recipient,
    text: message.body,
    subject: message.subject,
  });
  if (outcome.ok) {
    await db.message.update({
      where: { id: messageId },
      data: {
        status: 'sent',
        providerId: outcome.providerId,
        sentAt: new Date(),
        reason: null,
        attempts: { increment: 1 },
      },
    });
    return { status: 'sent' };
  }
  if (outcome.retryable && !finalAttempt) {
    await db.message.update({
      where: { id: messageId },
      data: { reason: outcome.reason, attempts: { increment: 1 } },
    });
    throw new SendRetry(outcome.reason);
  }
  await db.message.update({ where: { id: messageId }, data: { attempts: { increment: 1 } } });
  return finish(db, messageId, 'failed', outcome.reason, now);
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
  const provider = await (deps.provider ?? providerFor)(message.channel);
  if (!provider.status) return 'sent';
  const report = await provider.status(message.providerId);
  if (report.state === 'delivered')
    await deps.db.message.update({
      where: { id: messageId },
      data: { status: 'delivered', deliveredAt: new Date() },
    });
  if (report.state === 'failed')
    await deps.db.message.update({
      where: { id: messageId },
      data: { status: 'failed', failedAt: new Date(), reason: report.reason ?? 'not delivered' },
    });
  return report.state;
}
