import { randomUUID } from 'node:crypto';
import Srf from 'drachtio-srf';
import type { AddressPolicyOptions } from '#server/net/address-policy.ts';
import type { Logger } from '#server/logger.ts';
import type { LegEndReason } from '../call/media-leg.ts';
import { byeReasonHeader, causeOfFarBye, causeOfOurBye } from '../sip-gateway/end-cause.ts';
import { referTarget, vetTransferTarget } from '../sip-gateway/refer-target.ts';
import type { RouteDecision, SipRoute } from '../sip-gateway/sip-route.ts';
import { parseNameAddr } from '../sip/header-values.ts';
import { createPeerPolicy } from '../sip/peer-policy.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import { startAudioForkServer, type AudioForkServer } from './audio-fork-server.ts';
import { EslClient } from './esl-client.ts';
import type { EslMessage } from './esl-protocol.ts';
import { FailedLeg } from './failed-leg.ts';
import { FreeSwitchMediaLeg } from './freeswitch-media-leg.ts';
import { freeSwitchDialTransfer } from './freeswitch-transfer.ts';
import { dialThroughDrachtio } from './drachtio-outbound.ts';
import type { OutboundDialer } from '../telephony/outbound-dialer.ts';
import type { SipConnectionConfig } from '#server/telephony/connection-config.server.ts';
import { safeHeaders, safeReason } from './safe-headers.ts';

export interface DrachtioGatewayOptions {
  drachtio: { host: string; port: number; secret: string };
  freeswitch: { host: string; port: number; secret: string; sipUri: string };
  audio: { host: string; port: number; publicUrl?: string };
  /** The same routing the embedded gateway uses (createSipRouting). */
  route: SipRoute;
  logger: Logger;
  /** How long FreeSWITCH may take to answer the media INVITE and park the channel. */
  setupTimeoutMs?: number;
  /** A call with no caller audio from mod_audio_fork for this long is hung up (default 30 s). */
  mediaTimeoutMs?: number;
  /** How long the caller may take to ACK our 200 before the call is dropped (RFC 3261 Timer H, 32 s). */
  ackTimeoutMs?: number;
  /** The outbound address policy for transfer targets (TELEPHONY_ALLOW_HOSTS); default public only. */
  addressPolicy?: AddressPolicyOptions;
  /** Warm transfers: how long the target may ring (default 30 s), and the project's connection for numbers. */
  transfer?: {
    ringTimeoutMs?: number;
    connectionFor?: (projectId: string, preferredId?: string) => Promise<SipConnectionConfig | null>;
  };
}

export interface DrachtioGateway extends OutboundDialer {
  /** Resolves once drachtio-server accepted our secret and FreeSWITCH's event socket is up. */
  ready: Promise<void>;
  readonly activeCalls: number;
  /** New INVITEs get 503; current calls go on. */
  drain(): void;
  close(): Promise<void>;
}

/** The header that ties FreeSWITCH's channel (its CHANNEL_PARK event) to our media INVITE. */
const LEG_HEADER = 'X-Voice-Leg';
const ESL_EVENTS = [
  'CHANNEL_PARK',
  'CHANNEL_HANGUP',
  'DTMF',
  'BACKGROUND_JOB',
  'CUSTOM',
  'mod_audio_fork::play_audio',
];
const ESL_RETRY_MS = 2000;

type SrfDialog = Srf.Dialog;
/** Dialog.request as drachtio-srf implements it (its typings ask for a whole request object). */
type DialogRequest = (opts: {
  method: string;
  headers?: Record<string, string>;
  body?: string;
}) => Promise<Srf.SrfResponse>;

/** Resolves on the caller's ACK for our 200; rejects when it does not come in time or the dialog ends. */
function acknowledged(dialog: SrfDialog, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      dialog.off('ack', onAck);
      dialog.off('destroy', onDestroy);
      if (error) reject(error);
      else resolve();
    };
    const onAck = () => done();
    const onDestroy = () => done(new Error('the caller hung up before acknowledging the answer'));
    const timer = setTimeout(() => done(new Error('no ACK for our 200 OK')), timeoutMs);
    dialog.on('ack', onAck);
    dialog.on('destroy', onDestroy);
  });
}

/**
 * Carrier-scale SIP: drachtio-server takes the calls, FreeSWITCH holds the media, the pipeline is ours.
 * For each INVITE: route it by dialled user part (same routing as the embedded gateway; a refusal is a
 * clean SIP error), send the caller's offer to FreeSWITCH (its dialplan answers and parks the channel),
 * answer the caller with FreeSWITCH's SDP, start mod_audio_fork towards our WebSocket server, and run
 * the CallSession on a FreeSwitchMediaLeg.
 */
export function startDrachtioGateway(options: DrachtioGatewayOptions): DrachtioGateway {
  const { logger } = options;
  const setupTimeoutMs = options.setupTimeoutMs ?? 8000;
  const ackTimeoutMs = options.ackTimeoutMs ?? 32_000;
  const policy = createPeerPolicy(options.addressPolicy);
  const srf = new Srf();
  const legsByUuid = new Map<string, FreeSwitchMediaLeg>();
  const parkWaiters = new Map<string, (uuid: string) => void>();
  let esl: EslClient | undefined;
  let audio: AudioForkServer | undefined;
  let draining = false;
  let closed = false;
  let active = 0;
  /** Outbound calls still ringing: cancelled at close. */
  const ringing = new Set<() => void>();

  /** Resolves with FreeSWITCH's channel uuid once it parks the INVITE that carried `token`. */
  const parkedChannel = (token: string): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        parkWaiters.delete(token);
        reject(new Error('FreeSWITCH did not park the channel'));
      }, setupTimeoutMs);
      parkWaiters.set(token, (uuid) => {
        clearTimeout(timer);
        parkWaiters.delete(token);
        resolve(uuid);
      });
    });

  /** A call's channel events reach its leg, and it counts as active until it ends. */
  const track = (uuid: string, token: string, leg: FreeSwitchMediaLeg): void => {
    legsByUuid.set(uuid, leg);
    active += 1;
    leg.on('ended', () => {
      legsByUuid.delete(uuid);
      audio?.forget(token);
      active -= 1;
    });
  };

  /** Warm transfers from a call whose far end signals from `knownHosts`. */
  const dialTransferFor = (knownHosts: readonly string[], log: Logger) =>
    freeSwitchDialTransfer({
      esl: () => esl,
      audio: () => audio,
      policy,
      knownHosts,
      register: (otherUuid, otherToken, other) => {
        legsByUuid.set(otherUuid, other);
        other.on('ended', () => {
          legsByUuid.delete(otherUuid);
          audio?.forget(otherToken);
        });
      },
      logger: log,
      ringTimeoutMs: options.transfer?.ringTimeoutMs ?? 30_000,
      ...(options.transfer?.connectionFor ? { connectionFor: options.transfer.connectionFor } : {}),
      ...(options.mediaTimeoutMs ? { mediaTimeoutMs: options.mediaTimeoutMs } : {}),
    });

  const onEslEvent = (event: EslMessage): void => {
    const uuid = event.headers.get('Unique-ID') ?? '';
    if (event.headers.get('Event-Name') === 'CHANNEL_PARK') {
      const token = event.headers.get(`variable_sip_h_${LEG_HEADER}`);
      const waiter = token ? parkWaiters.get(token) : undefined;
      if (waiter && uuid) waiter(uuid);
      return;
    }
    legsByUuid.get(uuid)?.onEslEvent(event);
  };

  const connectEsl = async (): Promise<void> => {
    while (!closed) {
      try {
        const client = await EslClient.connect({
          ...options.freeswitch,
          password: options.freeswitch.secret,
          events: ESL_EVENTS,
        });
        client.on('event', onEslEvent);
        client.on('close', () => {
          esl = undefined;
          if (closed) return;
          logger.warn('FreeSWITCH event socket closed; reconnecting');
          // Calls whose channel we can no longer control are ended; new ones wait for the reconnect.
          for (const leg of legsByUuid.values()) void leg.hangup('error');
          void connectEsl();
        });
        esl = client;
        logger.info(
          { host: options.freeswitch.host, port: options.freeswitch.port },
          'FreeSWITCH event socket up',
        );
        return;
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'FreeSWITCH event socket unreachable; retrying');
        await new Promise((resolve) => setTimeout(resolve, ESL_RETRY_MS));
      }
    }
  };

  const srfReady = new Promise<void>((resolve, reject) => {
    srf.on('connect', (err, hostport) => {
      if (err) return reject(err);
      logger.info({ hostport }, 'connected to drachtio-server');
      resolve();
    });
  });
  srf.on('error', (error) => logger.warn({ err: error.message }, 'drachtio-server connection problem'));
  void srf.connect({ ...options.drachtio });

  const ready = (async () => {
    audio = await startAudioForkServer({ ...options.audio, logger });
    await Promise.all([srfReady, connectEsl()]);
  })();

  srf.invite((req, res) => {
    void onInvite(req, res).catch((error: unknown) => {
      logger.error({ err: error, callId: req.get('Call-ID') }, 'INVITE handling failed');
      if (!res.finalResponseSent) res.send(500);
    });
  });

  async function onInvite(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    const callId = req.get('Call-ID');
    const log = logger.child({ callId, engine: 'drachtio' });
    if (draining || closed) return res.send(503);
    if (!esl || !audio) return res.send(503, safeReason('Media server not ready'), {});
    const fromUri = parseNameAddr(req.get('From'))?.uri ?? '';
    const toUri = parseNameAddr(req.get('To'))?.uri ?? '';
    const toUser = parseSipUri(req.uri)?.user ?? parseSipUri(toUri)?.user ?? '';
    let cancelled = false;
    req.on('cancel', () => {
      cancelled = true;
      log.info('caller cancelled before answer');
    });
    let decision: RouteDecision;
    try {
      decision = await options.route({ toUser, toUri, fromUri, callId });
    } catch (error) {
      log.error({ err: error }, 'call routing failed');
      return res.send(500);
    }
    if (!decision.accept) {
      log.info({ toUser, status: decision.status }, 'call declined by route');
      if (!cancelled) res.send(decision.status, safeReason(decision.reason ?? ''), {});
      return;
    }
    const fromUser = parseSipUri(fromUri)?.user ?? fromUri;
    const token = randomUUID();
    let uac: SrfDialog | undefined;
    let leg: FreeSwitchMediaLeg | undefined;
    let handedOver = false;
    try {
      const parked = parkedChannel(token);
      parked.catch(() => undefined);
      uac = await srf.createUAC(options.freeswitch.sipUri, {
        localSdp: req.body,
        headers: safeHeaders({ [LEG_HEADER]: token, 'X-Voice-Call-Id': callId }),
      });
      // FreeSWITCH may hang up while we answer the caller; the call's handler takes over once it exists.
      let onMediaGone: (() => void) | undefined = undefined;
      let mediaGone = false;
      uac.on('destroy', () => {
        mediaGone = true;
        onMediaGone?.();
      });
      const uuid = await parked;
      if (cancelled) throw new Error('cancelled');
      const uas = await srf.createUAS(req, res, { localSdp: uac.remote.sdp });
      if (mediaGone) {
        uas.destroy();
        uac = undefined;
        throw new Error('FreeSWITCH hung up during setup');
      }
      const media = uac;
      const fs = esl;
      const bye = async (reason: LegEndReason) => {
        for (const dialog of [uas, media]) {
          try {
            dialog.destroy({ headers: safeHeaders({ Reason: byeReasonHeader(reason) }) });
          } catch (error) {
            log.warn({ err: (error as Error).message }, 'BYE failed (dialog already gone?)');
          }
        }
      };
      leg = new FreeSwitchMediaLeg(
        callId,
        fromUser,
        toUser,
        {
          uuid,
          api: (command) => (esl ?? fs).api(command),
          bye,
          refer: async (target) => {
            // The same strict target and address policy as the embedded gateway's REFER (ADR 013).
            const referTo = referTarget(target, uas.remote.uri);
            const remoteHost = parseSipUri(uas.remote.uri)?.host;
            await vetTransferTarget(referTo, policy, [
              req.source_address,
              ...(remoteHost ? [remoteHost] : []),
            ]);
            const reply = await (uas.request as unknown as DialogRequest).call(uas, {
              method: 'REFER',
              headers: safeHeaders({ 'Refer-To': `<${referTo}>`, 'Referred-By': `<${uas.local.uri}>` }),
            });
            if (reply.status < 200 || reply.status >= 300)
              throw new Error(`caller refused the transfer (${reply.status})`);
          },
          dialTransfer: dialTransferFor([req.source_address], log),
        },
        log,
        options.mediaTimeoutMs,
      );
      const ended = (reason: LegEndReason, other: SrfDialog, cause: string) => {
        if (!leg || leg.ended) return;
        leg.remoteEnded(reason, cause);
        try {
          other.destroy({ headers: safeHeaders({ Reason: byeReasonHeader(reason) }) });
        } catch (error) {
          log.warn({ err: (error as Error).message }, 'BYE to the other side failed');
        }
      };
      uas.on('destroy', (bye) =>
        ended('remote_hangup', media, causeOfFarBye('caller', bye?.has('Reason') ? [bye.get('Reason')] : [])),
      );
      onMediaGone = () => ended('error', uas, causeOfOurBye('error', 'FreeSWITCH hung up its leg'));
      uas.on('info', (infoReq, infoRes) => {
        infoRes.send(200);
        const digit = /signal\s*=\s*([0-9*#A-D])/i.exec(infoReq.body ?? '')?.[1];
        if (digit)
          leg?.onEslEvent({
            headers: new Map([
              ['Event-Name', 'DTMF'],
              ['DTMF-Digit', digit],
            ]),
            body: '',
          });
      });
      track(uuid, token, leg);
      audio.expect(token, leg);
      log.info({ uuid, toUser }, 'call answered through FreeSWITCH');
      // The session starts now (in the same tick as the dialog listeners, so a quick BYE is not missed);
      // its first audio waits in the leg until the fork connects.
      decision.onLeg(leg);
      handedOver = true;
      // No media before the caller acknowledges our answer: an INVITE that never ACKs (one aiming our
      // audio at someone else's address) gets none of it (issue 14, RTP reflection).
      await acknowledged(uas, ackTimeoutMs);
      if (leg.ended) return;
      const metadata = JSON.stringify({ callId, from: fromUser, to: toUser });
      await fs.api(`uuid_audio_fork ${uuid} start ${audio.urlFor(token)} mono 8k ${metadata}`);
    } catch (error) {
      parkWaiters.delete(token);
      if (leg) await leg.hangup('error');
      else {
        try {
          uac?.destroy();
        } catch {
          // FreeSWITCH's leg is already gone
        }
      }
      log.warn({ err: (error as Error).message }, 'media setup failed');
      if (!res.finalResponseSent) res.send(cancelled ? 487 : 503);
      // Routed calls are always handed over, so the route releases what it reserved.
      if (!handedOver)
        decision.onLeg(new FailedLeg(callId, fromUser, toUser, cancelled ? 'remote_hangup' : 'error'));
    } finally {
      parkWaiters.delete(token);
    }
  }

  return {
    ready,
    dial: (dialOptions) =>
      dialThroughDrachtio(
        {
          srf,
          freeswitchUri: options.freeswitch.sipUri,
          legHeader: LEG_HEADER,
          esl: () => esl,
          audio: () => audio,
          policy,
          parked: parkedChannel,
          track,
          refusing: () => (closed ? 'Closing' : draining ? 'Draining' : undefined),
          ringing,
          dialTransfer: dialTransferFor,
          logger,
          ...(options.mediaTimeoutMs ? { mediaTimeoutMs: options.mediaTimeoutMs } : {}),
        },
        dialOptions,
      ),
    get activeCalls() {
      return active;
    },
    drain() {
      draining = true;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const cancel of ringing) cancel();
      for (const leg of legsByUuid.values()) await leg.hangup('local_hangup');
      try {
        srf.disconnect();
      } catch {
        // never connected: drachtio-srf has no socket to end
      }
      esl?.close();
      await audio?.close();
    },
  };
}
