import type { ActionFunctionArgs } from '@remix-run/node';
import { timingSafeEqual } from 'node:crypto';
import { apiError, bodyTooLarge, parseJsonBody } from '~/.server/api/api-error';
import { BodyTooLargeError, readBodyText } from '~/.server/api/request-body';
import { isStorableText } from '~/.server/api/storable-text';
import { publicRoute } from '~/.server/http/route-guard';
import { channelSecrets } from '~/.server/messaging/channels.server';
import { channelByInboundToken, receiveInbound } from '~/.server/messaging/inbound.server';
import { smsRuEntries, smsRuEvents, smsRuHashValid } from '~/.server/messaging/providers/smsru-callback';
import {
  TELEGRAM_SECRET_HEADER,
  telegramEvents,
  telegramUpdate,
} from '~/.server/messaging/providers/telegram-update';

const MAX_CALLBACK_BYTES = 256 * 1024;

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const forbidden = () => apiError(403, 'bad_signature', 'The callback is not signed by this channel.');

/*
 * Public on purpose: the messaging providers call it (issue 22). The unguessable token in the path names the
 * channel and is its first proof; each protocol adds its own: SMS.ru's sha256 `hash` over the entries with
 * the channel's api_id, Telegram's secret_token header (set to the same token by setWebhook). Replies that
 * say STOP put the sender on the DNC list; delivery reports move sent → delivered/failed. Repeats are folded.
 */
export const action = publicRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST.');
  const token = params.token ?? '';
  const channel = await channelByInboundToken(token);
  if (!channel) return apiError(404, 'inbound_not_found', 'No channel answers at this address.');

  if (channel.kind === 'telegram') {
    if (!sameSecret(request.headers.get(TELEGRAM_SECRET_HEADER) ?? '', token)) return forbidden();
    const parsed = await parseJsonBody(request, telegramUpdate, MAX_CALLBACK_BYTES);
    if (!parsed.ok) return parsed.response;
    const result = await receiveInbound(channel, telegramEvents(parsed.data));
    return Response.json({ ok: true, ...result });
  }

  let text: string;
  try {
    text = await readBodyText(request, MAX_CALLBACK_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return bodyTooLarge(MAX_CALLBACK_BYTES);
    throw e;
  }
  const form = new URLSearchParams(text);
  const entries = smsRuEntries(form);
  const apiId = channel.credentialId
    ? await channelSecrets().reveal(channel.projectId, channel.credentialId)
    : null;
  if (!apiId || !smsRuHashValid(apiId, entries, form.get('hash'))) return forbidden();
  // Postgres cannot store NUL: such an entry is dropped, never a 500 (SMS.ru would repeat it for days).
  const storable = entries.filter(isStorableText);
  await receiveInbound(channel, smsRuEvents(storable));
  // SMS.ru's contract: the body "100" acknowledges; anything else is sent again later.
  return new Response('100', { status: 200, headers: { 'content-type': 'text/plain' } });
});
