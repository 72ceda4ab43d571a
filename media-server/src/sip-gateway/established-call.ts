/**
 * The established half of a SIP call, whichever side placed it: media (RTP session and the leg the
 * pipeline sees), in-dialog requests (BYE, re-INVITE/UPDATE with o= versioning and 491 while an INVITE
 * of ours is unacknowledged, INFO digits, NOTIFY for transfers, OPTIONS), REFER transfer and our BYE.
 * `InboundCall` (UAS) and `OutboundCall` (UAC) open the dialog and hand it over.
 */
import { type Logger } from '#server/logger.ts';
import { type LegEndReason, type TransferRequest } from '../call/media-leg.ts';
import { type RtpPortLease } from '../rtp/rtp-port-allocator.ts';
import { RtpSession } from '../rtp/rtp-session.ts';
import { buildAnswer, negotiateAudio, type NegotiatedAudio } from '../sdp/offer-answer.ts';
import { parseSdp } from '../sdp/session-description.ts';
import { AnswerRetransmitter } from '../sip/answer-retransmitter.ts';
import { buildResponse } from '../sip/build-response.ts';
import { type Dialog } from '../sip/dialog.ts';
import { type SipPeer, type SipRequest, type SipResponse } from '../sip/sip-message.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import { type ServerTransaction } from '../sip/server-transaction.ts';
import { ALLOW, callContact, type CallContext } from './call-context.ts';
import { sendDialogBye } from './dialog-bye.ts';
import { causeFromRequest, causeOfOurBye } from './end-cause.ts';
import { referTarget, sipfragStatus, vetTransferTarget } from './refer-target.ts';
import { SipMediaLeg } from './sip-media-leg.ts';

export interface EstablishedCallOptions {
  callId: string;
  logger: Logger;
  context: CallContext;
  dialog: Dialog;
  lease: RtpPortLease;
  /** The far end's signalling address: Contact transport, RTP trust, transfer targets it may name. */
  peer: SipPeer;
  /** Who the far end is, in end causes ("BYE from caller"). */
  farEnd: 'caller' | 'callee';
  /** The o= session id, and the description we last sent (our offer or answer). */
  sessionId: string;
  lastSdp: string;
  /** The leg's from and to URIs. */
  from: string;
  to: string;
  /** False: the leg refuses transfers (calls we placed). */
  transfers: boolean;
  onLeg: ((leg: SipMediaLeg) => void) | undefined;
  /** After the call has ended (leg told, media closed): the opening side forgets the call. */
  onEnded(reason: LegEndReason, cause: string): void;
}

interface TransferWaiter {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class EstablishedCall {
  readonly dialog: Dialog;
  private readonly logger: Logger;
  private readonly context: CallContext;
  private session: RtpSession | undefined;
  private leg: SipMediaLeg | undefined;
  /** False while our 200 to the initial INVITE waits for its ACK (UAS only). */
  private confirmed: boolean;
  private ended = false;
  private sdpVersion = 1;
  private lastSdp: string;
  private awaitingAck: AnswerRetransmitter | undefined;
  /** Our last 200 carried an offer, so its ACK carries the answer (RFC 3264 with a delayed offer). */
  private offeredInAnswer = false;
  private pendingBye: LegEndReason | undefined;
  private byeDone: Promise<void> | undefined;
  private transferWaiter: TransferWaiter | undefined;
  private readonly endWaiters: Array<() => void> = [];

  constructor(
    private readonly options: EstablishedCallOptions,
    /** A UAS call starts unconfirmed: its 200 (re-sent to `peer` until the ACK) may carry our offer. */
    opening:
      { confirmed: true } | { confirmed: false; ok: SipResponse; peer: SipPeer; offeredInAnswer: boolean },
  ) {
    this.dialog = options.dialog;
    this.logger = options.logger;
    this.context = options.context;
    this.lastSdp = options.lastSdp;
    this.confirmed = opening.confirmed;
    if (!opening.confirmed) {
      this.offeredInAnswer = opening.offeredInAnswer;
      this.expectAck(opening.ok, opening.peer, true);
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  onAck(ack: SipRequest): void {
    if (this.ended) return;
    const wasInitial = !this.confirmed;
    this.awaitingAck?.stop();
    this.awaitingAck = undefined;
    this.confirmed = true;
    // Our 200 is acknowledged: the call is answered, and only now does media flow (RTP reflection).
    this.session?.answered();
    if (this.offeredInAnswer) {
      this.offeredInAnswer = false;
      const answer = isSdp(ack) ? parseSdp(ack.body.toString('utf8')) : undefined;
      const result = answer ? negotiateAudio(answer) : undefined;
      if (!result?.ok) {
        this.logger.warn('ACK carried no usable answer to our offer');
        this.context.counters.callsFailed += 1;
        void this.sendBye('error', 'no usable SDP answer in ACK');
        return;
      }
      if (this.session) this.session.update(result.audio);
      else this.startMedia(result.audio);
    }
    if (wasInitial && this.pendingBye) void this.sendBye(this.pendingBye);
  }

  /** A request inside our dialog (To tag = ours). */
  onRequest(request: SipRequest, tx: ServerTransaction): void {
    if (this.ended) {
      tx.respond(481);
      return;
    }
    if (!this.dialog.acceptRemoteCSeq(request)) {
      tx.respond(500, { reason: 'CSeq Out Of Order' });
      return;
    }
    switch (request.method) {
      case 'BYE':
        tx.respond(200);
        this.logger.info(`${this.options.farEnd} hung up`);
        this.end('remote_hangup', causeFromRequest(request, this.options.farEnd));
        return;
      case 'INVITE':
      case 'UPDATE':
        this.onSessionRefresh(request, tx);
        return;
      case 'INFO':
        this.onInfo(request, tx);
        return;
      case 'NOTIFY':
        this.onNotify(request, tx);
        return;
      case 'OPTIONS':
        tx.respond(200, { headers: [['allow', ALLOW]] });
        return;
      default:
        tx.respond(405, { headers: [['allow', ALLOW]] });
    }
  }

  /** Starts RTP and hands the pipeline its leg. */
  startMedia(audio: NegotiatedAudio): void {
    if (this.ended) return;
    const { context, logger } = this;
    const session = new RtpSession({
      lease: this.options.lease,
      clock: context.clock,
      media: audio,
      counters: context.counters.rtp,
      mediaTimeoutMs: context.mediaTimeoutMs,
      onAudio: (frame) => this.leg?.emit('audio', frame),
      onDtmf: (digit) => this.leg?.emit('dtmf', digit),
      onMediaTimeout: () => {
        logger.warn({ timeoutMs: context.mediaTimeoutMs }, 'no RTP from the far end; ending the call');
        void this.hangup('media_timeout');
      },
      onLatched: (address, port) => logger.debug({ address, port }, 'RTP latched to the far end'),
      // Media may flow once the call is answered, to the far end's media address once vouched for.
      answered: this.confirmed,
      trust: {
        signallingAddress: this.options.peer.address,
        lists: (address) => context.policy.lists(address),
      },
    });
    this.session = session;
    const leg = new SipMediaLeg(
      this.options.callId,
      this.options.from,
      this.options.to,
      {
        play: (frame) => session.play(frame),
        clearPlayback: () => session.clearPlayback(),
        get queuedFrames() {
          return session.queuedFrames;
        },
        sendDtmf: (digit) => session.sendDtmf(digit),
        transfer: (request) =>
          this.options.transfers
            ? this.transfer(request)
            : Promise.reject(new Error('transfer is not supported on calls we placed')),
        hangup: (reason) => this.hangup(reason),
      },
      logger,
    );
    this.leg = leg;
    try {
      this.options.onLeg?.(leg);
    } catch (error) {
      logger.error({ err: error }, 'onLeg handler failed; ending the call');
      void this.hangup('error');
    }
  }

  /** Ends the call from our side with BYE; before the ACK of our 200, once it comes (RFC 3261 15). */
  hangup(reason: LegEndReason): Promise<void> {
    if (this.ended) return this.byeDone ?? Promise.resolve();
    if (!this.confirmed) {
      // The media stops now all the same.
      this.pendingBye = reason;
      this.session?.clearPlayback();
      return new Promise((resolve) => this.endWaiters.push(resolve));
    }
    return this.sendBye(reason);
  }

  /** `why`: the leading clause of the end cause when it is not the reason's own (no ACK, bad answer). */
  sendBye(reason: LegEndReason, why?: string): Promise<void> {
    if (this.ended) return this.byeDone ?? Promise.resolve();
    this.byeDone = sendDialogBye(this.context.layer, this.dialog, reason);
    this.logger.info({ reason }, 'hanging up (BYE)');
    this.end(reason, causeOfOurBye(reason, why));
    return this.byeDone;
  }

  async transfer(request: TransferRequest): Promise<void> {
    if (request.mode === 'warm') throw new Error('warm transfer is not supported on SIP calls; use cold');
    const dialog = this.dialog;
    if (!this.confirmed || this.ended) throw new Error('the call is not established');
    if (this.transferWaiter) throw new Error('a transfer is already in progress');
    const target = referTarget(request.target, dialog.remoteTarget);
    const remoteHost = parseSipUri(dialog.remoteTarget)?.host;
    await vetTransferTarget(target, this.context.policy, [
      this.options.peer.address,
      ...(remoteHost ? [remoteHost] : []),
    ]);
    if (this.ended || this.transferWaiter) throw new Error('the call changed during the transfer');
    const refer = dialog.createRequest('REFER', {
      headers: [
        ['refer-to', `<${target}>`],
        ['referred-by', this.contact()],
      ],
    });
    this.logger.info({ target }, 'transferring call (REFER)');
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.settleTransfer(new Error('transfer timed out')), 32_000);
      this.transferWaiter = { resolve, reject, timer };
      this.context.layer.sendRequest(refer, dialog.nextHop(), (response) => {
        if (response.status >= 300) this.settleTransfer(new Error(`REFER rejected with ${response.status}`));
      });
    });
  }

  private onSessionRefresh(request: SipRequest, tx: ServerTransaction): void {
    if (this.awaitingAck && request.method === 'INVITE') {
      // RFC 3261 14.2: an INVITE of ours (our 200) is still pending; the far end retries after a while.
      tx.respond(491, { headers: [['retry-after', '1']] });
      return;
    }
    if (request.method === 'INVITE') this.dialog.refreshTarget(request);
    let sdp = this.lastSdp;
    if (request.body.length > 0) {
      const offer = isSdp(request) ? parseSdp(request.body.toString('utf8')) : undefined;
      const result = offer ? negotiateAudio(offer) : undefined;
      if (!offer || !result?.ok) {
        tx.respond(488, { headers: [['warning', '304 - "no common media format"']] });
        return;
      }
      sdp = buildAnswer(offer, result.audio, this.localMedia());
      if (sdp !== this.lastSdp) {
        this.sdpVersion += 1; // RFC 3264 8: a changed description gets a new o= version
        sdp = buildAnswer(offer, result.audio, this.localMedia());
      }
      this.session?.update(result.audio);
      this.logger.info({ direction: result.audio.direction, codec: result.audio.codec }, 'session refreshed');
    } else if (request.method === 'INVITE') {
      this.offeredInAnswer = true; // an offerless re-INVITE: our 200 is the offer, the ACK the answer
    }
    this.lastSdp = sdp;
    const ok = buildResponse(request, 200, {
      headers: [
        ['contact', this.contact()],
        ['allow', ALLOW],
      ],
      body: request.method === 'UPDATE' && request.body.length === 0 ? undefined : Buffer.from(sdp),
    });
    tx.send(ok);
    if (request.method === 'INVITE') this.expectAck(ok, tx.peer, false);
  }

  private onInfo(request: SipRequest, tx: ServerTransaction): void {
    const type = (request.headers.get('content-type') ?? '').toLowerCase();
    const body = request.body.toString('utf8');
    const digit = type.startsWith('application/dtmf-relay')
      ? /signal\s*=\s*([0-9*#A-Da-d])/i.exec(body)?.[1]
      : type.startsWith('application/dtmf')
        ? /^\s*([0-9*#A-Da-d])\s*$/.exec(body)?.[1]
        : undefined;
    tx.respond(200);
    if (digit) this.leg?.emit('dtmf', digit.toUpperCase());
  }

  private onNotify(request: SipRequest, tx: ServerTransaction): void {
    tx.respond(200);
    const event = (request.headers.get('event') ?? '').toLowerCase();
    if (!event.startsWith('refer') || !this.transferWaiter) return;
    const status = sipfragStatus(request.body.toString('utf8'));
    if (status === undefined || status < 200) return;
    if (status >= 300) {
      this.settleTransfer(new Error(`transfer target answered ${status}`));
      return;
    }
    this.settleTransfer();
    this.logger.info('transfer accepted by the target; leaving the call');
    void this.sendBye('transferred');
  }

  private settleTransfer(error?: Error): void {
    const waiter = this.transferWaiter;
    if (!waiter) return;
    this.transferWaiter = undefined;
    clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  /** Re-sends our 200 to an INVITE until its ACK comes (RFC 3261 13.3.1.4); without one, BYE. */
  private expectAck(ok: SipResponse, peer: SipPeer, initial: boolean): void {
    this.awaitingAck?.stop();
    this.awaitingAck = new AnswerRetransmitter(
      () => this.context.layer.sendResponse(ok, peer),
      this.context.layer.timers,
      () => {
        this.awaitingAck = undefined;
        this.logger.warn({ initial }, 'no ACK for our 200 OK; ending the call');
        if (initial) this.context.counters.callsFailed += 1;
        this.confirmed = true; // confirmed, then torn down with BYE
        void this.sendBye(this.pendingBye ?? 'error', 'no ACK for 200 OK');
      },
    );
    this.awaitingAck.start();
  }

  private end(reason: LegEndReason, cause: string): void {
    if (this.ended) return;
    this.ended = true;
    this.awaitingAck?.stop();
    this.settleTransfer(new Error('call ended'));
    this.session?.close();
    this.options.lease.release();
    this.context.counters.callsEnded += 1;
    this.leg?.end(reason, cause);
    this.logger.info({ reason, cause }, 'call ended');
    this.options.onEnded(reason, cause);
    for (const resolve of this.endWaiters.splice(0)) resolve();
  }

  private localMedia() {
    return localMedia(this.context, this.options.lease, this.options.sessionId, this.sdpVersion);
  }

  private contact(): string {
    return callContact(this.context, this.options.peer);
  }
}

/** Our side of the session description: where our RTP is, and the o= line's id and version. */
export function localMedia(
  context: CallContext,
  lease: RtpPortLease | undefined,
  sessionId: string,
  version = 1,
) {
  return { address: context.publicAddress, port: lease?.port ?? 0, sessionId, version };
}

export function isSdp(message: SipRequest): boolean {
  return (message.headers.get('content-type') ?? '').toLowerCase().startsWith('application/sdp');
}
