/**
 * SMSC.ru HTTP API (https://smsc.ru/api/http/): POST /sys/send.php with the account (an API key as `apikey`,
 * or `login` and `psw`), `phones`, `mes`, `sender`, `id` (our own message id, so the message can be asked
 * about later), `charset=utf-8` and `fmt=3` (JSON). The answer is `{id, cnt}` or `{error, error_code}`:
 * 1 bad parameters, 2 bad login or key, 3 no money, 4 address blocked, 5 bad date, 6 text forbidden, 7 bad
 * number, 8 cannot be delivered are final; 9 (too many identical requests at once) is retried.
 * /sys/status.php with `phone` and `id` (fmt=3) answers `{status, err}`: -3 not found, -1 waiting, 0 handed to
 * the operator, 1 delivered, 2 read, 3 expired, 20 undeliverable, 22 bad number, 23 forbidden, 24 no money,
 * 25 unavailable number. Because the id is ours, a send interrupted by a crash can be looked up by it.
 */
import { z } from 'zod';
import { fetchWithin, networkFailure, type DeliveryState, type MessagingProvider } from './provider.ts';

const sendAnswer = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  cnt: z.coerce.number().optional(),
  error: z.string().optional(),
  error_code: z.coerce.number().optional(),
});
const statusAnswer = z.object({
  status: z.coerce.number().optional(),
  err: z.coerce.number().optional(),
  error: z.string().optional(),
  error_code: z.coerce.number().optional(),
});

const RETRYABLE = new Set([9]);
const DELIVERED = new Set([1, 2]);
const FAILED = new Set([3, 20, 22, 23, 24, 25]);
const NOT_FOUND = -3;

export interface SmscSettings {
  /** An API key, or `login:password`. */
  secret: string;
  from?: string;
  baseUrl: string;
}

export function smscProvider({ secret, from, baseUrl }: SmscSettings): MessagingProvider {
  const base = baseUrl.replace(/\/$/, '');
  const colon = secret.indexOf(':');
  const account: Record<string, string> =
    colon > 0 ? { login: secret.slice(0, colon), psw: secret.slice(colon + 1) } : { apikey: secret };
  const post = (path: string, fields: Record<string, string>) =>
    fetchWithin(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...account, ...fields, fmt: '3', charset: 'utf-8' }),
    });

  async function status(id: string, phone: string) {
    const res = await post('/sys/status.php', { id, phone: phone.replace(/^\+/, '') });
    const parsed = statusAnswer.safeParse(await res.json().catch(() => null));
    if (!parsed.success || parsed.data.error)
      throw new Error(`SMSC.ru status: ${parsed.data?.error ?? res.status}`);
    return parsed.data;
  }

  return {
    async send({ to, text, ref }) {
      const id = ref ?? crypto.randomUUID();
      let res: Response;
      try {
        res = await post('/sys/send.php', {
          phones: to.replace(/^\+/, ''),
          mes: text,
          id,
          ...(from ? { sender: from } : {}),
        });
      } catch (error) {
        return networkFailure(error);
      }
      if (res.status >= 500 || res.status === 429)
        return { ok: false, retryable: true, reason: `SMSC.ru HTTP ${res.status}` };
      const parsed = sendAnswer.safeParse(await res.json().catch(() => null));
      if (!parsed.success)
        return { ok: false, retryable: true, reason: 'SMSC.ru: unreadable answer', unknown: true };
      const answer = parsed.data;
      if (answer.error !== undefined || answer.error_code !== undefined)
        return {
          ok: false,
          retryable: RETRYABLE.has(answer.error_code ?? 0),
          reason: `SMSC.ru ${answer.error_code ?? '?'}: ${answer.error ?? 'error'}`,
        };
      // The status query is by phone and id; the id is ours, so the recipient rides along in providerId.
      return { ok: true, providerId: `${String(answer.id ?? id)}@${to.replace(/^\+/, '')}` };
    },

    async status(providerId) {
      const at = providerId.lastIndexOf('@');
      const report = await status(providerId.slice(0, at), providerId.slice(at + 1));
      const code = report.status ?? -1;
      const state: DeliveryState = DELIVERED.has(code) ? 'delivered' : FAILED.has(code) ? 'failed' : 'sent';
      return {
        state,
        ...(state === 'failed' ? { reason: `SMSC.ru status ${code} (err ${report.err ?? 0})` } : {}),
      };
    },

    async lookupByRef(ref, to) {
      const report = await status(ref, to);
      if (report.status === undefined || report.status === NOT_FOUND) return { found: false };
      return { found: true, providerId: `${ref}@${to.replace(/^\+/, '')}` };
    },
  };
}
