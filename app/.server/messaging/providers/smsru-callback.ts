/**
 * SMS.ru callbacks (https://sms.ru/api/callback): SMS.ru POSTs a form with `data[0]`, `data[1]`… and `hash`.
 * Each entry is lines joined by "\n", the first naming its type: `sms_status` (sms_id, status code, unix time),
 * `callcheck_status` (ignored here) and an incoming SMS on a number that receives them (`sms_incoming`: id,
 * sender, text, unix time). `hash` is sha256 of the api_id followed by every entry in order, so a callback
 * proves it knows the channel's key. The answer must be the text "100", or SMS.ru sends it again.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundEvent } from './provider.ts';

const DELIVERED = new Set([103]);
const FAILED = new Set([104, 105, 106, 107, 108, 150]);

/** The `data[n]` entries of a callback form, in index order. */
export function smsRuEntries(form: URLSearchParams): string[] {
  const entries: Array<[number, string]> = [];
  for (const [key, value] of form) {
    const m = /^data\[(\d{1,4})\]$/.exec(key);
    if (m) entries.push([Number(m[1]), value]);
  }
  return entries.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

export function smsRuHash(apiId: string, entries: string[]): string {
  return createHash('sha256')
    .update(apiId + entries.join(''))
    .digest('hex');
}

export function smsRuHashValid(apiId: string, entries: string[], hash: string | null): boolean {
  if (!hash) return false;
  const want = Buffer.from(smsRuHash(apiId, entries));
  const got = Buffer.from(hash.toLowerCase());
  return want.length === got.length && timingSafeEqual(want, got);
}

export function smsRuEvents(entries: string[]): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (const entry of entries) {
    const lines = entry.replace(/\r\n/g, '\n').split('\n');
    const [type, id, ...rest] = lines;
    if (!id) continue;
    if (type === 'sms_status') {
      const code = Number(rest[0]);
      const state = DELIVERED.has(code) ? 'delivered' : FAILED.has(code) ? 'failed' : 'sent';
      events.push({ kind: 'status', providerId: id, state, reason: `SMS.ru status ${code}` });
    } else if (type === 'sms_incoming') {
      const [from = '', ...text] = rest;
      // The last line is the time; the text itself may hold line breaks.
      const body = text.length > 1 && /^\d+$/.test(text[text.length - 1]!) ? text.slice(0, -1) : text;
      events.push({ kind: 'message', providerId: id, sender: from, text: body.join('\n') });
    }
  }
  return events;
}
