/**
 * SMS.ru HTTP API (https://sms.ru/api/send, /api/status): POST /sms/send with api_id, to, msg, from, json=1;
 * the answer has a top-level status and one entry per number with its own status_code and sms_id. Status codes
 * from the documentation: 100 accepted, 101–102 on the way, 103 delivered, 104–108 and 150 not delivered;
 * 200-range codes are request errors (bad api_id, no money, bad number) and final; 5xx HTTP is retryable.
 */
import { z } from 'zod';
import { fetchWithin, networkFailure, type DeliveryState, type MessagingProvider } from './provider.ts';

const numberAnswer = z.object({
  status: z.string(),
  status_code: z.coerce.number(),
  status_text: z.string().optional(),
  sms_id: z.string().optional(),
});
const sendAnswer = z.object({
  status: z.string(),
  status_code: z.coerce.number(),
  status_text: z.string().optional(),
  sms: z.record(z.string(), numberAnswer).optional(),
});
const statusAnswer = z.object({
  status: z.string(),
  sms: z.record(z.string(), numberAnswer).optional(),
});

const DELIVERED = new Set([103]);
const FAILED = new Set([104, 105, 106, 107, 108, 150]);
/** Codes that say "try later" rather than "never": 220 (service temporarily unavailable). */
const RETRYABLE = new Set([220]);

export interface SmsRuSettings {
  apiId: string;
  from?: string;
  baseUrl: string;
}

export function smsRuProvider({ apiId, from, baseUrl }: SmsRuSettings): MessagingProvider {
  const base = baseUrl.replace(/\/$/, '');
  /** /sms/status takes up to 100 ids at once, comma-separated, and answers each under `sms`. */
  async function statusMany(ids: readonly string[]) {
    const states = new Map<string, { state: DeliveryState; reason?: string }>();
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const query = new URLSearchParams({ api_id: apiId, sms_id: chunk.join(','), json: '1' });
      const res = await fetchWithin(`${base}/sms/status?${query}`, { method: 'GET' });
      const parsed = statusAnswer.safeParse(await res.json().catch(() => null));
      for (const id of chunk) {
        const entry = parsed.success ? parsed.data.sms?.[id] : undefined;
        if (!entry) continue;
        const state: DeliveryState = DELIVERED.has(entry.status_code)
          ? 'delivered'
          : FAILED.has(entry.status_code)
            ? 'failed'
            : 'sent';
        states.set(id, { state, ...(entry.status_text ? { reason: entry.status_text } : {}) });
      }
    }
    return states;
  }

  return {
    async send({ to, text }) {
      const form = new URLSearchParams({ api_id: apiId, to: to.replace(/^\+/, ''), msg: text, json: '1' });
      if (from) form.set('from', from);
      let res: Response;
      try {
        res = await fetchWithin(`${base}/sms/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        });
      } catch (error) {
        return networkFailure(error);
      }
      if (res.status >= 500 || res.status === 429)
        return { ok: false, retryable: true, reason: `SMS.ru HTTP ${res.status}` };
      const parsed = sendAnswer.safeParse(await res.json().catch(() => null));
      if (!parsed.success) return { ok: false, retryable: true, reason: 'SMS.ru: unreadable answer' };
      const answer = parsed.data;
      if (answer.status !== 'OK')
        return {
          ok: false,
          retryable: RETRYABLE.has(answer.status_code),
          reason: `SMS.ru ${answer.status_code}: ${answer.status_text ?? answer.status}`,
        };
      const entry = Object.values(answer.sms ?? {})[0];
      if (!entry || entry.status !== 'OK' || !entry.sms_id)
        return {
          ok: false,
          retryable: entry ? RETRYABLE.has(entry.status_code) : false,
          reason: `SMS.ru ${entry?.status_code ?? '?'}: ${entry?.status_text ?? 'refused'}`,
        };
      return { ok: true, providerId: entry.sms_id };
    },

    async status(smsId) {
      return (await statusMany([smsId])).get(smsId) ?? { state: 'sent' };
    },

    statusMany,

    async connectInbound(url) {
      const form = new URLSearchParams({ api_id: apiId, url, json: '1' });
      const res = await fetchWithin(`${base}/callback/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      const answer = sendAnswer.safeParse(await res.json().catch(() => null));
      if (!answer.success || answer.data.status !== 'OK')
        throw new Error(
          `SMS.ru callback/add: ${answer.success ? answer.data.status_text : `HTTP ${res.status}`}`,
        );
    },
  };
}
