/**
 * The web process's side of the connection check: SIP lives in the media server, so the check is asked for
 * over the telephony bus and answered there (media-server/src/telephony/connection-check.ts). When no media
 * server answers in time the answer says so, instead of hanging the request.
 */
import type { Redis } from 'ioredis';
import { askOverBus } from '../bus/bus-request.ts';
import { checkReply, type CheckResult } from './connection-check-result.ts';
import { publishTelephony, telephonyRedis } from './telephony-bus.server.ts';

export type { CheckResult, CheckStep } from './connection-check-result.ts';

/**
 * DNS, OPTIONS and REGISTER each wait up to 4 s in the media server; this leaves room for all three and
 * the trip over Redis.
 */
const CHECK_TIMEOUT_MS = 15_000;

export type CheckAnswer =
  { ok: true; result: CheckResult } | { ok: false; reason: 'media_server_unavailable' | 'not_found' };

export async function askConnectionCheck(
  projectId: string,
  connectionId: string,
  options: { redis?: Redis; timeoutMs?: number } = {},
): Promise<CheckAnswer> {
  const redis = options.redis ?? telephonyRedis();
  const answer = await askOverBus({
    redis,
    publish: (requestId) =>
      publishTelephony({ type: 'connection.check', projectId, connectionId, requestId }, redis),
    reply: checkReply,
    timeoutMs: options.timeoutMs ?? CHECK_TIMEOUT_MS,
  });
  if (!answer.ok) return { ok: false, reason: 'media_server_unavailable' };
  return answer.value.found ? { ok: true, result: answer.value.result } : { ok: false, reason: 'not_found' };
}
