import { z } from 'zod';
import { deliveryView, webhookView, type DeliveryView, type WebhookView } from '~/lib/webhooks/webhook-views';

/** The webhook and delivery shapes the API answers, checked in the browser. */
export const webhookSchema = webhookView;
export type Webhook = WebhookView;
export const deliverySchema = deliveryView;
export type Delivery = DeliveryView;

export const createdSchema = z.object({ webhook: webhookSchema, secret: z.string() });
export const deliveriesSchema = z.object({ deliveries: z.array(deliverySchema) });

/** The fields of the create/edit form as the API takes them. */
export function webhookBody(form: FormData) {
  return {
    url: String(form.get('url') ?? '').trim(),
    description: String(form.get('description') ?? ''),
    eventTypes: form.getAll('eventTypes').map(String),
  };
}
