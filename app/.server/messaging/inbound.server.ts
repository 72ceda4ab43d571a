/**
 * What comes back through a channel (issue 22): replies and opt-outs, and delivery reports by callback.
 * A provider reaches us at the channel's inbound URL; the secret in it (and, per protocol, SMS.ru's hash or
 * Telegram's secret header) is the authentication. Every event is folded by the provider's id, so a callback
 * the provider repeats (they do, until we answer) changes nothing the second time.
 *
 * A reply that asks to stop (STOP, СТОП, отписаться, /stop…) puts the sender on the project's DNC list with
 * the reason recorded; the send job checks that list before every send, so nothing more goes to them.
 */
import { appendAudit } from '../audit/audit-log.server.ts';
import { normalisePhone } from '../compliance/phone-number.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { publicUrl } from '../http/public-url.ts';
import { isOptOut } from '../../lib/messaging/opt-out-words.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { findChannel, providerFor, type ChannelRow } from './channels.server.ts';
import { inboundPath, inboundTokenHash, looksLikeInboundToken, newInboundToken } from './inbound-token.ts';
import type { InboundEvent } from './providers/provider.ts';

const isUnique = (e: unknown) => typeof e === 'object' && e !== null && 'code' in e && e.code === 'P2002';

/** The DNC key of a channel's recipient: the E.164 number for SMS, a prefixed chat id for Telegram. */
export function dncKeyFor(kind: string, recipient: string): string {
  return kind === 'telegram' ? `telegram:${recipient}` : recipient;
}

export async function channelByInboundToken(token: string | undefined): Promise<ChannelRow | null> {
  if (!looksLikeInboundToken(token)) return null;
  return db().messagingChannel.findUnique({ where: { inboundTokenHash: inboundTokenHash(token) } });
}

/**
 * Makes (or replaces) the channel's inbound URL and registers it with the provider where its API allows
 * (SMS.ru callback/add, Telegram setWebhook). The URL is answered this once; the old one stops working.
 */
export async function issueInboundUrl(
  channel: ChannelRow,
): Promise<{ url: string; registered: boolean; error?: string }> {
  const token = newInboundToken();
  await db().messagingChannel.update({
    where: { id: channel.id },
    data: { inboundTokenHash: inboundTokenHash(token) },
  });
  const url = publicUrl(inboundPath(token));
  try {
    const provider = await providerFor(channel);
    if (!provider.connectInbound) return { url, registered: false };
    await provider.connectInbound(url, token);
    return { url, registered: true };
  } catch (error) {
    // The URL still works: the user can register it in the provider's own panel.
    return { url, registered: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface InboundResult {
  received: number;
  duplicates: number;
  optOuts: number;
  statuses: number;
}

export async function receiveInbound(channel: ChannelRow, events: InboundEvent[]): Promise<InboundResult> {
  const result: InboundResult = { received: 0, duplicates: 0, optOuts: 0, statuses: 0 };
  for (const event of events) {
    if (event.kind === 'status') {
      result.statuses += await applyStatus(channel, event);
      continue;
    }
    const sender = senderKey(channel.kind, event.sender);
    if (!sender) continue;
    const optOut = isOptOut(event.text);
    try {
      await db().inboundMessage.create({
        data: {
          projectId: channel.projectId,
          channelId: channel.id,
          providerId: event.providerId.slice(0, 200),
          sender,
          text: event.text.slice(0, 5000),
          optOut,
        },
      });
    } catch (e) {
      if (!isUnique(e)) throw e;
      result.duplicates += 1;
      continue;
    }
    result.received += 1;
    if (optOut) {
      await optOutSender(channel, sender, event.text);
      result.optOuts += 1;
    }
  }
  return result;
}

function senderKey(kind: string, raw: string): string | null {
  if (kind === 'telegram') return /^-?\d{1,20}$/.test(raw) ? raw : null;
  const phone = normalisePhone(raw);
  return phone.ok ? phone.e164 : null;
}

async function optOutSender(channel: ChannelRow, sender: string, text: string): Promise<void> {
  const phone = dncKeyFor(channel.kind, sender);
  const reason = `opt-out: replied "${text.trim().slice(0, 40)}" to ${channel.name}`;
  const existing = await db().dncEntry.findUnique({
    where: { projectId_phone: { projectId: channel.projectId, phone } },
  });
  if (existing) return;
  const row = await db()
    .dncEntry.create({
      data: { projectId: channel.projectId, phone, reason, source: 'opt_out', addedBy: channel.name },
    })
    .catch((e: unknown) => {
      if (isUnique(e)) return null;
      throw e;
    });
  if (!row) return;
  await appendAudit(db(), {
    projectId: channel.projectId,
    actorUserId: null,
    actorType: 'system',
    action: 'dnc.add',
    targetType: 'dnc_entry',
    targetId: row.id,
    diff: { after: { phone, source: 'opt_out', channelId: channel.id } },
  });
}

/** A delivery report by callback: the same transition the poll makes, only for our sent messages. */
async function applyStatus(
  channel: ChannelRow,
  event: Extract<InboundEvent, { kind: 'status' }>,
): Promise<number> {
  if (event.state === 'sent') return 0;
  const now = new Date();
  const { count } = await db().message.updateMany({
    where: { channelId: channel.id, providerId: event.providerId, status: 'sent' },
    data:
      event.state === 'delivered'
        ? { status: 'delivered', deliveredAt: now }
        : { status: 'failed', failedAt: now, reason: event.reason ?? 'not delivered' },
  });
  return count;
}

export const inboundNotFound = () =>
  new ServiceError(404, 'inbound_not_found', 'No channel answers at this address.');

/** Makes the channel's inbound URL (replies, opt-outs, delivery reports) and registers it. Audited. */
export async function connectChannelInbound(
  ctx: ServiceContext,
  id: string,
): Promise<{ url: string; registered: boolean; error?: string }> {
  const row = await findChannel(ctx.access.projectId, id);
  const result = await issueInboundUrl(row);
  await auditAs(ctx, {
    action: 'messaging_channel.inbound_url',
    targetType: 'messaging_channel',
    targetId: id,
    diff: { after: { registered: result.registered } },
  });
  return result;
}
