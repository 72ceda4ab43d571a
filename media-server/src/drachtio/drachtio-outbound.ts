/**
 * Calls we place on the drachtio path (test calls, campaign calls), third-party call control with
 * FreeSWITCH as the media end: an offerless INVITE to FreeSWITCH (its dialplan answers, parks the channel
 * and offers its SDP; we acknowledge with that offer on hold), then `srf.createUAC` towards the carrier
 * carrying FreeSWITCH's offer, through the connection's first hop, with digest answered by drachtio-srf.
 * Once the carrier answers, a re-INVITE gives FreeSWITCH the carrier's SDP, mod_audio_fork streams to us
 * and the session runs on a FreeSwitchMediaLeg, exactly as inbound calls do. Progress, end causes and
 * refusals are reported in the embedded gateway's words (OutboundProgress), so the trial-call runner
 * records both engines' calls the same way.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type Srf from 'drachtio-srf';
import { AddressRefusedError } from '#server/net/address-policy.ts';
import type { Logger } from '#server/logger.ts';
import type { LegEndReason } from '../call/media-leg.ts';
import type { DialTransfer } from '../call/warm-transfer.ts';
import { negotiateAudio } from '../sdp/offer-answer.ts';
import { parseSdp } from '../sdp/session-description.ts';
import { byeReasonHeader, causeOfFarBye, causeOfOurBye, responseDetailOf } from '../sip-gateway/end-cause.ts';
import type { OutboundProgress } from '../sip-gateway/outbound-call.ts';
import { describeRefusal, type PeerPolicy } from '../sip/peer-policy.ts';
import { hasControlCharacter } from '../sip/sip-serializer.ts';
import type { SipPeer } from '../sip/sip-message.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import type { OutboundDialOptions } from '../telephony/outbound-dialer.ts';
import type { AudioForkServer } from './audio-fork-server.ts';
import type { EslClient } from './esl-client.ts';
import { FreeSwitchMediaLeg } from './freeswitch-media-leg.ts';
import { heldAnswer, offerOnly } from './outbound-sdp.ts';
import { safeHeaders } from './safe-headers.ts';

export interface DrachtioOutboundContext {
  srf: Srf;
  /** Where FreeSWITCH takes our media INVITEs. */
  freeswitchUri: string;
  /** The header that ties FreeSWITCH's CHANNEL_PARK to our INVITE. */
  legHeader: string;
  esl(): EslClient | undefined;
  audio(): AudioForkServer | undefined;
  policy: PeerPolicy;
  /** Resolves with the channel's uuid once FreeSWITCH parks the INVITE that carried `token`. */
  parked(token: string): Promise<string>;
  /** The channel's events reach its leg; the gateway counts it and forgets it once it ends. */
  track(uuid: string, token: string, leg: FreeSwitchMediaLeg): void;
  /** Why no call may start now ('Draining'), if so. */
  refusing(): string | undefined;
  /** Calls still ringing, cancelled when the gateway closes. */
  ringing: Set<() => void>;
  dialTransfer(knownHosts: readonly string[], logger: Logger): DialTransfer;
  logger: Logger;
  mediaTimeoutMs?: number;
}

/** FreeSWITCH's offer (an offerless INVITE's 200) before we acknowledge it: drachtio-srf's `noAck`. */
interface ThirdPartyOffer {
  sdp: string;
  ack(localSdp: string): Promise<Srf.Dialog>;
  destroy(): Promise<void>;
}

/** A failed INVITE as drachtio-srf rejects it (SipError), with the final response when there was one. */
interface SipFailure {
  status: number;
  reason?: string;
  res?: { get(name: string): string | undefined; has(name: string): boolean };
}

const isSipFailure = (error: unknown): error is SipFailure =>
  typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';

const proxyUri = (peer: SipPeer) =>
  `sip:${peer.address}:${peer.port}${peer.transport === 'tcp' ? ';transport=tcp' : ''}`;

export function dialThroughDrachtio(
  ctx: DrachtioOutboundContext,
  options: OutboundDialOptions,
): { readonly callId: string } {
  const callId = `${randomBytes(12).toString('hex')}@drachtio`;
  const log = ctx.logger.child({ callId, direction: 'outbound', engine: 'drachtio' });
  let settled = false;
  const report = (progress: OutboundProgress) => {
    if (settled) return;
    if (progress.state === 'failed' || progress.state === 'ended') settled = true;
    options.onProgress?.(progress);
  };
  const fail = (status: number, reason: string, refused?: 'address_policy') => {
    log.info({ status, reason }, 'call not answered');
    report({
      state: 'failed',
      sipCode: status,
      reason,
      cause: `${status} ${reason}`,
      ...(refused ? { refused } : {}),
    });
  };
  void place(ctx, options, callId, log, report, fail).catch((error: unknown) => {
    log.error({ err: error }, 'outbound call on drachtio crashed');
    fail(500, 'Server Internal Error (platform)');
  });
  return { callId };
}

async function place(
  ctx: DrachtioOutboundContext,
  options: OutboundDialOptions,
  callId: string,
  log: Logger,
  report: (progress: OutboundProgress) => void,
  fail: (status: number, reason: string, refused?: 'address_policy') => void,
): Promise<void> {
  // Progress starts after dial() returns, so the caller knows the Call-ID before the first report.
  await Promise.resolve();
  const refusal = ctx.refusing();
  // As the embedded gateway words it: the reason alone, the cause marked as ours.
  if (refusal) {
    log.info({ refusal }, 'call not placed');
    return report({ state: 'failed', sipCode: 503, reason: refusal, cause: `503 ${refusal} (platform)` });
  }
  const { target, fromUri, fromDisplayName = '' } = options;
  if ([target, fromUri, fromDisplayName].some(hasControlCharacter))
    return fail(400, 'control characters in the call addresses (platform)');
  let peer: SipPeer;
  try {
    peer = await ctx.policy.pin(options.peer);
  } catch (error) {
    if (!(error instanceof AddressRefusedError)) throw error;
    const why = describeRefusal(error);
    log.warn({ reason: why }, 'call not placed: the address policy refused its first hop');
    const policy = error.reason === 'dns_failure' ? undefined : ('address_policy' as const);
    return fail(policy ? 403 : 404, `${why} (platform)`, policy);
  }
  const esl = ctx.esl();
  const audio = ctx.audio();
  if (!esl || !audio) return fail(503, 'media server not ready (platform)');

  // 1. FreeSWITCH's channel: offerless INVITE, its offer held until the carrier answers.
  const token = randomUUID();
  const parked = ctx.parked(token);
  parked.catch(() => undefined);
  let offer: ThirdPartyOffer;
  let media: Srf.Dialog;
  let uuid: string;
  try {
    offer = (await ctx.srf.createUAC(ctx.freeswitchUri, {
      noAck: true,
      headers: safeHeaders({ [ctx.legHeader]: token, 'X-Voice-Call-Id': callId }),
    })) as unknown as ThirdPartyOffer;
  } catch (error) {
    log.warn({ err: (error as Error).message }, 'FreeSWITCH refused the media INVITE');
    return fail(503, 'media server refused the call (platform)');
  }
  try {
    media = await offer.ack(heldAnswer(offer.sdp));
    uuid = await parked;
  } catch (error) {
    log.warn({ err: (error as Error).message }, 'FreeSWITCH channel not set up');
    await offer.destroy().catch(() => undefined);
    return fail(503, 'media server did not park the call (platform)');
  }
  const dropMedia = () => {
    try {
      media.destroy();
    } catch {
      // FreeSWITCH's leg is already gone
    }
  };

  // 2. The carrier, offered FreeSWITCH's media; CANCEL when nobody answers in time.
  let invite: Srf.SrfRequest | undefined;
  let cancelClause = '';
  const onCancelSent = (error: unknown) => {
    if (error) log.warn({ err: (error as Error).message }, 'CANCEL not sent');
  };
  const cancel = (clause: string) => {
    if (cancelClause) return;
    cancelClause = clause;
    try {
      invite?.cancel(onCancelSent);
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'CANCEL not sent');
    }
  };
  const ringTimer = setTimeout(() => {
    log.info('no answer in time; cancelling');
    cancel('CANCEL sent by platform (no answer in time)');
  }, options.ringTimeoutMs ?? 60_000);
  const stopRinging = () => cancel('CANCEL sent by platform');
  ctx.ringing.add(stopRinging);
  const displayName = fromDisplayName ? `"${fromDisplayName.replace(/["\\]/g, '')}" ` : '';
  let carrier: Srf.Dialog;
  try {
    report({ state: 'trying' });
    carrier = await ctx.srf.createUAC(
      target,
      {
        localSdp: offerOnly(offer.sdp, options.codecs ?? ['PCMA', 'PCMU']),
        proxy: proxyUri(peer),
        ...(options.auth ? { auth: options.auth } : {}),
        headers: safeHeaders({ 'Call-ID': callId, From: `${displayName}<${fromUri}>` }),
      },
      {
        // drachtio-srf calls this with (error, request), not as its typings say.
        cbRequest: ((...args: unknown[]) => {
          const sent = args.at(-1) as Srf.SrfRequest | undefined;
          if (sent && typeof sent.cancel === 'function') {
            invite = sent;
            if (cancelClause) sent.cancel(onCancelSent);
          }
        }) as (req: Srf.SrfRequest) => void,
        cbProvisional: (response) => {
          if (response.status > 100) report({ state: 'ringing', sipCode: response.status });
        },
      },
    );
  } catch (error) {
    dropMedia();
    if (!isSipFailure(error)) {
      log.warn({ err: (error as Error).message }, 'INVITE not sent');
      return fail(503, 'Service Unavailable; INVITE not sent (platform)');
    }
    const reasons = error.res?.has('Reason') ? [error.res.get('Reason') ?? ''] : [];
    const extra = error.status === 487 && cancelClause ? [cancelClause] : [];
    return fail(error.status, responseDetailOf(error.status, error.reason ?? '', reasons, extra));
  } finally {
    clearTimeout(ringTimer);
    ctx.ringing.delete(stopRinging);
  }

  // 3. Answered: FreeSWITCH gets the carrier's SDP, the session gets the leg.
  const answer = parseSdp(carrier.remote.sdp ?? '');
  const negotiated = answer ? negotiateAudio(answer, options.codecs ?? ['PCMA', 'PCMU']) : undefined;
  const byeBoth = (reason: LegEndReason) => {
    for (const dialog of [carrier, media]) {
      try {
        dialog.destroy({ headers: safeHeaders({ Reason: byeReasonHeader(reason) }) });
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'BYE failed (dialog already gone?)');
      }
    }
  };
  if (cancelClause || !negotiated?.ok) {
    // Answered after our CANCEL crossed it, or with media nobody can use: end it at once.
    const why = negotiated?.ok ? 'answered after CANCEL' : 'no usable SDP answer';
    log.warn(why);
    byeBoth(negotiated?.ok ? 'local_hangup' : 'error');
    return fail(negotiated?.ok ? 487 : 488, `${why}; BYE sent by platform`);
  }
  try {
    await media.modify(carrier.remote.sdp);
  } catch (error) {
    log.warn({ err: (error as Error).message }, 'FreeSWITCH refused the carrier media');
    byeBoth('error');
    return fail(500, 'media server refused the answer (platform)');
  }
  const answeredAt = performance.now();
  const to = parseSipUri(target)?.user ?? target;
  const from = parseSipUri(fromUri)?.user ?? fromUri;
  const leg = new FreeSwitchMediaLeg(
    callId,
    from,
    to,
    {
      uuid,
      api: (command) => (ctx.esl() ?? esl).api(command),
      bye: async (reason) => byeBoth(reason),
      // As on the embedded gateway, a call we placed is not REFERred away; warm transfers dial out.
      refer: () => Promise.reject(new Error('a call we placed cannot be transferred by REFER')),
      dialTransfer: ctx.dialTransfer([peer.address], log),
    },
    log,
    ctx.mediaTimeoutMs,
  );
  const ended = (reason: LegEndReason, other: Srf.Dialog, cause: string) => {
    if (leg.ended) return;
    leg.remoteEnded(reason, cause);
    try {
      other.destroy({ headers: safeHeaders({ Reason: byeReasonHeader(reason) }) });
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'BYE to the other side failed');
    }
  };
  carrier.on('destroy', (bye) =>
    ended('remote_hangup', media, causeOfFarBye('callee', bye?.has('Reason') ? [bye.get('Reason')] : [])),
  );
  media.on('destroy', () => ended('error', carrier, causeOfOurBye('error', 'FreeSWITCH hung up its leg')));
  carrier.on('info', (infoReq, infoRes) => {
    infoRes.send(200);
    const digit = /signal\s*=\s*([0-9*#A-D])/i.exec(infoReq.body ?? '')?.[1];
    if (digit)
      leg.onEslEvent({
        headers: new Map([
          ['Event-Name', 'DTMF'],
          ['DTMF-Digit', digit],
        ]),
        body: '',
      });
  });
  leg.on('ended', (reason) => {
    report({
      state: 'ended',
      reason,
      durationMs: Math.round(performance.now() - answeredAt),
      cause: leg.endCause ?? causeOfOurBye(reason),
    });
  });
  ctx.track(uuid, token, leg);
  audio.expect(token, leg);
  log.info({ uuid, codec: negotiated.audio.codec }, 'call answered through FreeSWITCH');
  report({ state: 'answered', sipCode: 200, codec: negotiated.audio.codec });
  options.onLeg(leg);
  const metadata = JSON.stringify({ callId, from, to });
  await esl.api(`uuid_audio_fork ${uuid} start ${audio.urlFor(token)} mono 8k ${metadata}`);
}
