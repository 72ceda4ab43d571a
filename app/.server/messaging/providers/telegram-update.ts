/**
 * Telegram Bot API updates (https://core.telegram.org/bots/api#update) as a webhook delivers them: one Update
 * per POST, JSON, with the `secret_token` given to setWebhook in the X-Telegram-Bot-Api-Secret-Token header.
 * Only text messages matter here (a reply, or `/stop`); other updates are acknowledged and dropped.
 */
import { z } from 'zod';
import type { InboundEvent } from './provider.ts';

export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export const telegramUpdate = z
  .object({
    update_id: z.number().int(),
    message: z
      .object({
        message_id: z.number().int(),
        chat: z.object({ id: z.number().int() }).loose(),
        text: z.string().max(4096).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export function telegramEvents(update: z.infer<typeof telegramUpdate>): InboundEvent[] {
  const m = update.message;
  if (!m || m.text === undefined) return [];
  return [{ kind: 'message', providerId: String(update.update_id), sender: String(m.chat.id), text: m.text }];
}
