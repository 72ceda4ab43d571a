import { z } from 'zod';

/** The webhook and delivery shapes the API answers (webhookView / deliveryView), checked in the browser. */
export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  failingSince: z.string().nullable(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'retrying', 'succeeded', 'failed']),
  attempts: z.number(),
  responseStatus: z.number().nullable(),
  responseMs: z.number().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

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
