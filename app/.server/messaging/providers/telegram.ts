/**
 * Telegram Bot API (https://core.telegram.org/bots/api#sendmessage): POST {base}/bot<token>/sendMessage with
 * JSON { chat_id, text }; the answer is { ok, result: { message_id } } or { ok: false, error_code, description,
 * parameters: { retry_after } }. 429 and 5xx are retried (after retry_after when given); 400/403 (chat not
 * found, bot blocked by the user) are final. The Bot API has no delivery reports: sent is the last state.
 */
import { z } from 'zod';
import { fetchWithin, networkFailure, type MessagingProvider } from './provider.ts';

const answer = z.object({
  ok: z.boolean(),
  result: z.union([z.object({ message_id: z.number() }).loose(), z.boolean()]).optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).loose().optional(),
});

export function telegramProvider({ token, baseUrl }: { token: string; baseUrl: string }): MessagingProvider {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async send({ to, text }) {
      let res: Response;
      try {
        res = await fetchWithin(`${base}/bot${token}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: to, text }),
        });
      } catch (error) {
        return networkFailure(error);
      }
      const parsed = answer.safeParse(await res.json().catch(() => null));
      const result = parsed.success ? parsed.data.result : undefined;
      if (parsed.success && parsed.data.ok && typeof result === 'object')
        return { ok: true, providerId: String(result.message_id) };
      const code = parsed.success ? (parsed.data.error_code ?? res.status) : res.status;
      const retryAfter = parsed.success ? parsed.data.parameters?.retry_after : undefined;
      return {
        ok: false,
        retryable: code === 429 || code >= 500 || !parsed.success,
        reason: `Telegram ${code}: ${parsed.success ? (parsed.data.description ?? 'error') : 'unreadable answer'}`,
        ...(retryAfter ? { retryAfterMs: retryAfter * 1000 } : {}),
      };
    },

    async connectInbound(url, secret) {
      // https://core.telegram.org/bots/api#setwebhook: Telegram echoes secret_token in a header on every update.
      const res = await fetchWithin(`${base}/bot${token}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url, secret_token: secret, allowed_updates: ['message'] }),
      });
      const parsed = answer.safeParse(await res.json().catch(() => null));
      if (!parsed.success || !parsed.data.ok)
        throw new Error(
          `Telegram setWebhook: ${parsed.success ? parsed.data.description : `HTTP ${res.status}`}`,
        );
    },
  };
}
