import type { Db } from '../db.ts';
import type { DomainEvent } from '../events/event-catalogue.ts';
import { jsonOf } from './webhooks.server.ts';

export const WEBHOOK_GROUP = 'webhooks';

/**
 * The `webhooks` consumer group's work for one bus event: a delivery row for each enabled webhook of the
 * project that wants the type. Idempotent by event id (one row per webhook and event, a unique pair): an
 * event redelivered after a crash finds its rows and only queues what is still pending, and the job id is
 * the delivery id, so a job is never queued twice. Answers the deliveries to queue.
 */
export async function deliveriesFor(db: Db, event: DomainEvent): Promise<string[]> {
  if (event.type === 'webhook.test') return [];
  const hooks = await db.webhook.findMany({
    where: { projectId: event.projectId, enabled: true, eventTypes: { has: event.type } },
    select: { id: true },
  });
  if (hooks.length === 0) return [];
  await db.webhookDelivery.createMany({
    data: hooks.map((h) => ({
      projectId: event.projectId,
      webhookId: h.id,
      eventId: event.id,
      eventType: event.type,
      payload: jsonOf(event),
    })),
    skipDuplicates: true,
  });
  const pending = await db.webhookDelivery.findMany({
    where: { eventId: event.id, webhookId: { in: hooks.map((h) => h.id) }, status: 'pending', attempts: 0 },
    select: { id: true },
  });
  return pending.map((d) => d.id);
}
