/**
 * The notifications service's front door (issue 22, E12-BE-01): a message is rendered and checked here, stored
 * as queued and handed to the `messaging` queue. An idempotency key makes a retried request answer the first
 * message instead of sending again (a unique index, so two racing requests still make one row).
 */
import { z } from 'zod';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { normalisePhone } from '../compliance/phone-number.ts';
import { enqueueJob, enqueueJobs } from '../queues.ts';
import { countSms } from '../../lib/messaging/sms-segments.ts';
import { renderTemplate, type RenderResult } from '../../lib/messaging/message-template.ts';
import { findChannel, PHONE_CHANNELS } from './channels.server.ts';
import { findTemplate, variablesOf } from './templates.server.ts';

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'refused',
  'review',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const messageInput = z
  .object({
    channelId: z.uuid(),
    to: z.string().trim().min(1, 'Enter a recipient').max(200),
    templateId: z.uuid().optional(),
    text: z.string().trim().min(1).max(5000).optional(),
    subject: z.string().max(200).optional(),
    variables: z
      .record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()]))
      .default({}),
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
    callId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
  })
  .refine((v) => Boolean(v.templateId) !== Boolean(v.text), {
    message: 'Give either a template or a text',
    path: ['text'],
  });
export type MessageInput = z.infer<typeof messageInput>;

export const messagesQuery = z.object({
  channelId: z.uuid().optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
  to: z.string().max(200).optional(),
  callId: z.uuid().optional(),
  campaignId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface MessageView {
  id: string;
  channelId: string;
  templateId: string | null;
  to: string;
  subject: string;
  text: string;
  status: MessageStatus;
  reason: string | null;
  providerId: string | null;
  attempts: number;
  segments: number;
  source: string;
  callId: string | null;
  campaignId: string | null;
  deferredUntil: string | null;
  queuedAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

type MessageRow = Awaited<ReturnType<ReturnType<typeof db>['message']['findFirstOrThrow']>>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const messageStatus = (s: string): MessageStatus =>
  (MESSAGE_STATUSES as readonly string[]).includes(s) ? (s as MessageStatus) : 'queued';

export function messageView(r: MessageRow): MessageView {
  return {
    id: r.id,
    channelId: r.channelId,
    templateId: r.templateId,
    to: r.recipient,
    subject: r.subject,
    text: r.body,
    status: messageStatus(r.status),
    reason: r.reason,
    providerId: r.providerId,
    attempts: r.attempts,
    segments: r.segments,
    source: r.source,
    callId: r.callId,
    campaignId: r.campaignId,
    deferredUntil: iso(r.deferredUntil),
    queuedAt: r.queuedAt.toISOString(),
    sentAt: iso(r.sentAt),
    deliveredAt: iso(r.deliveredAt),
    failedAt: iso(r.failedAt),
  };
}

const invalid = (field: string, message: string) =>
  new ServiceError(400, 'validation_failed', message, { [field]: [message] });
const isUnique = (e: unknown) => typeof e === 'object' && e !== null && 'code' in e && e.code === 'P2002';

type ChannelRow = Awaited<ReturnType<typeof findChannel>>;
type TemplateRow = Awaited<ReturnType<typeof findTemplate>>;

/** Channel and template rows looked up once per request, however many messages use them. */
function lookups(projectId: string) {
  const channels = new Map<string, Promise<ChannelRow>>();
  const templates = new Map<string, Promise<TemplateRow>>();
  const once = <T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>) => {
    let hit = map.get(id);
    if (!hit) {
      hit = load();
      map.set(id, hit);
    }
    return hit;
  };
  return {
    channel: (id: string) => once(channels, id, () => findChannel(projectId, id)),
    template: (id: string) => once(templates, id, () => findTemplate(projectId, id)),
  };
}

/** Renders and checks one message: the row to store, or a ServiceError naming what is wrong. */
async function prepare(
  projectId: string,
  input: MessageInput,
  source: MessageSource,
  look: ReturnType<typeof lookups>,
) {
  const channel = await look.channel(input.channelId);
  if (!channel.enabled) throw new ServiceError(409, 'channel_disabled', 'This channel is switched off.');
  let to = input.to;
  if (PHONE_CHANNELS.has(channel.kind)) {
    const phone = normalisePhone(input.to);
    if (!phone.ok) throw invalid('to', 'Not a phone number');
    to = phone.e164;
  }
  if (channel.kind === 'smtp') {
    const address = z.email().safeParse(input.to);
    if (!address.success) throw invalid('to', 'Not an e-mail address');
    to = address.data.toLowerCase();
  }
  let body = input.text ?? '';
  let subject = input.subject ?? '';
  if (input.templateId) {
    const template = await look.template(input.templateId);
    if (template.channelId !== channel.id)
      throw invalid('templateId', 'This template belongs to another channel');
    const variables = variablesOf(template.variables);
    // An e-mail's subject takes the same placeholders as its text, and refuses the same way.
    const title =
      subject || !template.subject ? null : renderTemplate(template.subject, input.variables, variables);
    const rendered = renderTemplate(template.body, input.variables, variables);
    const failed = [rendered, title].filter((r): r is Refused => r !== null && !r.ok);
    if (failed.length)
      throw new ServiceError(
        400,
        'template_variables_missing',
        'The template needs values it was not given.',
        {
          variables: [
            ...new Set([
              ...failed.flatMap((r) => r.missing.map((n) => `Missing: ${n}`)),
              ...failed.flatMap((r) => r.invalid.map((n) => `Wrong type: ${n}`)),
            ]),
          ],
        },
      );
    if (rendered.ok) body = rendered.text;
    if (title?.ok) subject = title.text;
  }
  return {
    projectId,
    channelId: channel.id,
    templateId: input.templateId ?? null,
    recipient: to,
    subject,
    body,
    segments: PHONE_CHANNELS.has(channel.kind) ? countSms(body).segments : 1,
    idempotencyKey: input.idempotencyKey ?? null,
    source,
    callId: input.callId ?? null,
    campaignId: input.campaignId ?? null,
  };
}

export type MessageSource = 'api' | 'flow' | 'test';
type Refused = Extract<RenderResult, { ok: false }>;

/** Renders, checks and queues one message; `created` is false when the idempotency key was seen before. */
export async function enqueueMessage(
  projectId: string,
  input: MessageInput,
  source: MessageSource = 'api',
): Promise<{ message: MessageView; created: boolean }> {
  if (input.idempotencyKey) {
    const seen = await db().message.findUnique({
      where: { projectId_idempotencyKey: { projectId, idempotencyKey: input.idempotencyKey } },
    });
    if (seen) return { message: messageView(seen), created: false };
  }
  const data = await prepare(projectId, input, source, lookups(projectId));
  let created = true;
  const row = await db()
    .message.create({ data })
    .catch(async (e: unknown) => {
      // Two requests with one key at once: the loser answers the winner's message and queues nothing.
      if (isUnique(e) && input.idempotencyKey) {
        created = false;
        return db().message.findUniqueOrThrow({
          where: { projectId_idempotencyKey: { projectId, idempotencyKey: input.idempotencyKey } },
        });
      }
      throw e;
    });
  // The job id is the message's, so even a repeated enqueue of one message is folded by BullMQ.
  if (created) await enqueueJob('send-message', { messageId: row.id });
  return { message: messageView(row), created };
}

export const MAX_BATCH = 1000;
/** Messages per send job of a batch enqueue. */
const SEND_BATCH = 50;
export const messageBatchInput = z.object({ messages: z.array(messageInput).min(1).max(MAX_BATCH) });

/**
 * Queues many messages in a few statements (issue 22, throughput): one look-up of the keys already used, one
 * INSERT of the new rows (a key another request took meanwhile is skipped, and answered with its message), one
 * Redis round trip for all the jobs. Every message is checked before any is stored: a bad one refuses the
 * batch, naming it by index (`messages.3.to`). Answers in the order asked.
 */
export async function enqueueMessages(
  projectId: string,
  inputs: MessageInput[],
  source: MessageSource = 'api',
): Promise<Array<{ message: MessageView; created: boolean }>> {
  const keys = [...new Set(inputs.map((i) => i.idempotencyKey).filter((k): k is string => Boolean(k)))];
  const seen = new Map(
    (keys.length
      ? await db().message.findMany({ where: { projectId, idempotencyKey: { in: keys } } })
      : []
    ).map((r) => [r.idempotencyKey!, r]),
  );
  const look = lookups(projectId);
  const fresh = new Map<string, Awaited<ReturnType<typeof prepare>>>();
  const rows: Array<Awaited<ReturnType<typeof prepare>>> = [];
  for (const [i, input] of inputs.entries()) {
    if (input.idempotencyKey && (seen.has(input.idempotencyKey) || fresh.has(input.idempotencyKey))) continue;
    try {
      const data = await prepare(projectId, input, source, look);
      rows.push(data);
      if (data.idempotencyKey) fresh.set(data.idempotencyKey, data);
    } catch (e) {
      if (e instanceof ServiceError)
        throw new ServiceError(
          e.status,
          e.code,
          `Message ${i}: ${e.message}`,
          Object.fromEntries(
            Object.entries(e.fields ?? { _: [e.message] }).map(([f, m]) => [`messages.${i}.${f}`, m]),
          ),
        );
      throw e;
    }
  }
  const created = rows.length
    ? await db().message.createManyAndReturn({ data: rows, skipDuplicates: true })
    : [];
  const byKey = new Map(created.filter((r) => r.idempotencyKey).map((r) => [r.idempotencyKey!, r]));
  const raced = [...fresh.keys()].filter((k) => !byKey.has(k));
  if (raced.length)
    for (const r of await db().message.findMany({ where: { projectId, idempotencyKey: { in: raced } } }))
      seen.set(r.idempotencyKey!, r);
  // A job per SEND_BATCH messages, not per message: the worker claims and marks them sent together.
  const batches: Array<{ messageIds: string[] }> = [];
  for (let i = 0; i < created.length; i += SEND_BATCH)
    batches.push({ messageIds: created.slice(i, i + SEND_BATCH).map((r) => r.id) });
  if (batches.length) await enqueueJobs('send-messages', batches);
  // Rows without a key come back in insertion order.
  const keyless = created.filter((r) => !r.idempotencyKey);
  let next = 0;
  const answered = new Set<string>();
  return inputs.map((input) => {
    const key = input.idempotencyKey;
    if (!key) return { message: messageView(keyless[next++]!), created: true };
    const mine = byKey.get(key);
    if (mine && !answered.has(key)) {
      answered.add(key);
      return { message: messageView(mine), created: true };
    }
    return { message: messageView(mine ?? seen.get(key)!), created: false };
  });
}

export async function listMessages(
  projectId: string,
  q: z.infer<typeof messagesQuery>,
): Promise<{ messages: MessageView[] }> {
  const rows = await db().message.findMany({
    where: {
      projectId,
      ...(q.channelId ? { channelId: q.channelId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.to ? { recipient: { contains: q.to } } : {}),
      ...(q.callId ? { callId: q.callId } : {}),
      ...(q.campaignId ? { campaignId: q.campaignId } : {}),
    },
    orderBy: { queuedAt: 'desc' },
    take: q.limit,
  });
  return { messages: rows.map(messageView) };
}

export async function getMessage(projectId: string, id: string): Promise<MessageView> {
  const row = await db().message.findFirst({ where: { id, projectId } });
  if (!row) throw new ServiceError(404, 'message_not_found', 'No such message in this project.');
  return messageView(row);
}
