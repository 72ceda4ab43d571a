import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { EVENT_TYPES, type EventType } from '../events/event-catalogue.ts';
import { envelopeOf } from '../events/publish-event.ts';
import { vetUrl, SsrfBlockedError } from '../net/ssrf-guard.ts';
import { enqueueJob } from '../queues.ts';
import { createCredentialsService, type CredentialsService } from '../secrets/credentials.server.ts';
import { keyringFromEnv } from '../secrets/master-keys.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import { webhookAllowHosts } from './webhook-allow-hosts.ts';
import {
  deliveryView,
  webhookView,
  type DeliveryView,
  type WebhookView,
} from '../../lib/webhooks/webhook-views.ts';

/** What a webhook may subscribe to: the catalogue, less the test event (sent on request only). */
export const SUBSCRIBABLE = EVENT_TYPES.filter((t) => t !== 'webhook.test') as EventType[];

export const webhookInput = z.object({
  url: z
    .url('Give a full https:// address')
    .max(2000)
    .refine((v) => v.startsWith('https://'), 'Webhooks are sent over HTTPS only'),
  description: z.string().trim().max(200).default(''),
  eventTypes: z
    .array(z.enum(SUBSCRIBABLE as [EventType, ...EventType[]]))
    .min(1, 'Choose at least one event type')
    .max(SUBSCRIBABLE.length),
});
export const webhookUpdateInput = webhookInput
  .partial()
  .extend({ enabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');
export const deliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export { deliveryView, webhookView, type DeliveryView, type WebhookView };

let credentials: CredentialsService | undefined;
/** Signing secrets live in the credentials service: sealed at rest, revealed only to the delivery worker. */
export function webhookSecrets(): CredentialsService {
  credentials ??= createCredentialsService(db(), keyringFromEnv());
  return credentials;
}

type WebhookRow = Awaited<ReturnType<ReturnType<typeof db>['webhook']['findFirstOrThrow']>>;
/** An event as a JSON column value (it is plain JSON already; the copy drops undefined fields). */
export const jsonOf = (value: object): Record<string, string> =>
  JSON.parse(JSON.stringify(value)) as Record<string, string>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function view(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    failingSince: iso(row.failingSince),
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
  };
}

const notFound = () => new ServiceError(404, 'webhook_not_found', 'No such webhook in this project.');

/** A private, loopback or metadata address is refused when the webhook is saved (and again at each send). */
async function vetTarget(url: string): Promise<void> {
  try {
    await vetUrl(new URL(url), { allowHosts: webhookAllowHosts() });
  } catch (error) {
    if (error instanceof SsrfBlockedError)
      throw new ServiceError(400, 'validation_failed', 'This address cannot be reached from here.', {
        url: [`Refused: ${error.reason.replace('_', ' ')}`],
      });
    throw error;
  }
}

export async function listWebhooks(projectId: string): Promise<WebhookView[]> {
  const rows = await db().webhook.findMany({ where: { projectId }, orderBy: { createdAt: 'asc' } });
  return rows.map(view);
}

export async function getWebhook(projectId: string, id: string): Promise<WebhookView> {
  const row = await db().webhook.findFirst({ where: { id, projectId } });
  if (!row) throw notFound();
  return view(row);
}

/** Creates the endpoint with a fresh signing secret, answered this once and never again. Audited. */
export async function createWebhook(
  ctx: ServiceContext,
  input: z.infer<typeof webhookInput>,
): Promise<{ webhook: WebhookView; secret: string }> {
  await vetTarget(input.url);
  const projectId = ctx.access.projectId;
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const id = crypto.randomUUID();
  const credential = await webhookSecrets().create(
    projectId,
    { name: `webhook:${id}`, kind: 'other', secret },
    credentialActor(ctx),
  );
  const row = await db().webhook.create({
    data: {
      id,
      projectId,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      credentialId: credential.id,
    },
  });
  await auditAs(ctx, {
    action: 'webhook.create',
    targetType: 'webhook',
    targetId: id,
    diff: { after: { url: row.url, eventTypes: row.eventTypes } },
  });
  return { webhook: view(row), secret };
}

/** Changes the address, events or description; enabling again clears a disabled endpoint's failure run. */
export async function updateWebhook(
  ctx: ServiceContext,
  id: string,
  input: z.infer<typeof webhookUpdateInput>,
): Promise<WebhookView> {
  const projectId = ctx.access.projectId;
  const before = await db().webhook.findFirst({ where: { id, projectId } });
  if (!before) throw notFound();
  if (input.url) await vetTarget(input.url);
  const row = await db().webhook.update({
    where: { id },
    data: {
      ...(input.url ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventTypes ? { eventTypes: input.eventTypes } : {}),
      ...(input.enabled === true
        ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }
        : {}),
      ...(input.enabled === false ? { enabled: false } : {}),
    },
  });
  await auditAs(ctx, {
    action: 'webhook.update',
    targetType: 'webhook',
    targetId: id,
    diff: {
      before: { url: before.url, eventTypes: before.eventTypes, enabled: before.enabled },
      after: { url: row.url, eventTypes: row.eventTypes, enabled: row.enabled },
    },
  });
  return view(row);
}

export async function deleteWebhook(ctx: ServiceContext, id: string): Promise<void> {
  const projectId = ctx.access.projectId;
  const row = await db().webhook.findFirst({ where: { id, projectId } });
  if (!row) throw notFound();
  await db().webhook.delete({ where: { id } });
  await webhookSecrets().remove(projectId, row.credentialId, credentialActor(ctx));
  await auditAs(ctx, {
    action: 'webhook.delete',
    targetType: 'webhook',
    targetId: id,
    diff: { before: { url: row.url } },
  });
}

export async function listDeliveries(
  projectId: string,
  webhookId: string,
  limit: number,
): Promise<DeliveryView[]> {
  const hook = await db().webhook.findFirst({ where: { id: webhookId, projectId }, select: { id: true } });
  if (!hook) throw notFound();
  const rows = await db().webhookDelivery.findMany({
    where: { webhookId, projectId },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    status: deliveryView.shape.status.parse(r.status),
    attempts: r.attempts,
    responseStatus: r.responseStatus,
    responseMs: r.responseMs,
    error: r.error,
    nextAttemptAt: iso(r.nextAttemptAt),
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Queues a `webhook.test` event to this endpoint only (enabled or not), through the normal delivery path. */
export async function sendTestEvent(ctx: ServiceContext, webhookId: string): Promise<DeliveryView> {
  const projectId = ctx.access.projectId;
  const hook = await db().webhook.findFirst({ where: { id: webhookId, projectId }, select: { id: true } });
  if (!hook) throw notFound();
  const event = envelopeOf({
    type: 'webhook.test',
    projectId,
    data: { message: 'A test event from the voice platform.' },
  });
  const row = await db().webhookDelivery.create({
    data: { projectId, webhookId, eventId: event.id, eventType: event.type, payload: jsonOf(event) },
  });
  await enqueueJob('deliver-webhook', { deliveryId: row.id });
  const [delivery] = (await listDeliveries(projectId, webhookId, 200)).filter((d) => d.id === row.id);
  return delivery!;
}

/** Endpoints stopped after a day of failures, for the banner their project's admins see. */
export async function disabledWebhookUrls(
  projectId: string,
): Promise<{ id: string; url: string; reason: string }[]> {
  const rows = await db().webhook.findMany({
    where: { projectId, enabled: false, disabledAt: { not: null } },
    select: { id: true, url: true, disabledReason: true },
    take: 5,
  });
  return rows.map((r) => ({ id: r.id, url: r.url, reason: r.disabledReason ?? '' }));
}
