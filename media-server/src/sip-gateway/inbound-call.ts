/**
 * One inbound SIP call, from INVITE to the end of its dialog: routing, answer (with 2xx retransmission
 * until ACK), media, in-dialog requests (BYE, re-INVITE/UPDATE, INFO, NOTIFY for transfers) and hangup.
 */
import { randomInt } from 'node:crypto';
import { type Logger } from '#server/logger.ts';
import { type LegEndReason, type TransferRequest } from '../call/media-leg.ts';
import { type RtpPortLease } from '../rtp/rtp-port-allocator.ts';
import { RtpSession } from '../rtp/rtp-session.ts';
import { buildAnswer, buildOffer, negotiateAudio, type NegotiatedAudio } from '../sdp/offer-answer.ts';
import { parseSdp, type SessionDescription } from '../sdp/session-description.ts';
import { AnswerRetransmitter } from '../sip/answer-retransmitter.ts';
import { buildResponse } from '../sip/build-response.ts';
import { Dialog } from '../sip/dialog.ts';
import { parseNameAddr, tagOf } from '../sip/header-values.ts';
import { type SipPeer, type SipRequest, type SipResponse } from '../sip/sip-message.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import { type ServerTransaction } from '../sip/server-transaction.ts';
import { newTag } from '../sip/transaction-layer.ts';
import { sendDialogBye } from './dialog-bye.ts';
import { causeFromRequest, causeOfOurBye, causeOfOurRejection } from './end-cause.ts';
import { type CallContext } from './call-context.ts';
import { referTarget, sipfragStatus, vetTransferTarget } from './refer-target.ts';
import { SipMediaLeg } from './sip-media-leg.ts';
import { type RouteDecision } from './sip-route.ts';

export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, NOTIFY, UPDATE';

type CallState = 'routing' | 'answered' | 'confirmed' | 'ended';

interface TransferWaiter {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class InboundCall {
  readonly callId: string;
  readonly localTag = newTag();
  readonly logger: Logger;
  private state: CallState = 'routing';
  private dialog: Dialog | undefined;
  private session: RtpSession | undefined;
  private leg: SipMediaLeg | undefined;
  private lease: RtpPortLease | undefined;
  private onLeg: ((leg: SipMediaLeg) => void) | undefined;
  private readonly sessionId = String(randomInt(1, 2 ** 31));
  private sdpVersion = 1;
  private lastAnswer = '';
  private awaitingAck: AnswerRetransmitter | undefined;
  private offeredInAnswer = false;
  private pendingBye: LegEndReason | undefined;
  private byeDone: Promise<void> | undefined;
  private transferWaiter: TransferWaiter | undefined;
  private readonly endWaiters: Array<() => void> = [];

  constructor(
    private readonly invite: SipRequest,
    private readonly tx: ServerTransaction,
    private readonly source: SipPeer,
    private readonly context: CallContext,
  ) {
    this.callId = invite.headers.get('call-id') ?? '';
    this.logger = context.logger.child({ callId: this.callId });
  }

  get key(): string {
    return `${this.callId}|${this.localTag}`;
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  /** The same INVITE (From tag and CSeq) arriving by another path: a merged fork (RFC 3261 8.2.2.2). */
  matchesMergedRequest(request: SipRequest, fromTag: string | undefined): boolean {
    return (
      fromTag === tagOf(this.invite.headers.get('from')) &&
      request.headers.get('cseq') === this.invite.headers.get('cseq')
    );
  }

  /** Resolves when the call has ended (for drain). */
  whenEnded(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => this.endWaiters.push(resolve));
  }

  async start(): Promise<void> {
    const { counters } = this.context;
    this.tx.onCancel = (cancel) => this.onCancel(cancel);
    let offer: SessionDescription | undefined;
    let audio: NegotiatedAudio | undefined;
    if (this.invite.body.length > 0) {
      if (!isSdp(this.invite)) return this.fail(415, 'only application/sdp bodies are accepted');
      offer = parseSdp(this.invite.body.toString('utf8'));
      if (!offer) return this.fail(488, 'unreadable session description');
      const result = negotiateAudio(offer);
      if (!result.ok) return this.fail(488, result.reason);
      audio = result.audio;
    }

    const toUri = parseNameAddr(this.invite.headers.get('to') ?? '')?.uri ?? '';
    const fromUri = parseNameAddr(this.invite.headers.get('from') ?? '')?.uri ?? '';
    const toUser = parseSipUri(this.invite.uri)?.user ?? parseSipUri(toUri)?.user ?? '';
    let decision: RouteDecision;
    try {
      decision = await this.context.route({ toUser, toUri, fromUri, callId: this.callId });
    } catch (error) {
      this.logger.error({ err: error }, 'call routing failed');
      return this.fail(500, 'routing failed');
    }
    if (this.state !== 'routing') return; // cancelled while routing
    if (!decision.accept) {
      counters.callsRejected += 1;
      this.logger.info(
        {
          toUser,
          status: decision.status,
          reason: decision.reason,
          cause: causeOfOurRejection(decision.status, decision.reason),
        },
        'call declined by route',
      );
      this.tx.respond(decision.status, { reason: decision.reason, toTag: this.localTag });
      this.finish();
      return;
    }
    try {
      this.lease = await this.context.allocator.allocate();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'no RTP port for call');
      return this.fail(503, 'no media port available');
    }
    if (this.state !== 'routing') {
      this.lease.release();
      return;
    }

    const local = this.localMedia();
    const sdp = offer && audio ? buildAnswer(offer, audio, local) : buildOffer(local);
    this.offeredInAnswer = !offer;
    this.lastAnswer = sdp;
    this.dialog = new Dialog(this.invite, this.source, this.localTag, this.contact());
    // The caller's Record-Route names where our BYE, REFER and re-INVITEs go: vetted first (ADR 013).
    void this.dialog.vetRoute(this.context.policy).then(
      (refusal) =>
        refusal && this.logger.warn({ refusal }, 'route refused; in-dialog requests go to the caller'),
      (error: unknown) => this.logger.error({ err: error }, 'route could not be vetted'),
    );
    this.onLeg = decision.onLeg;
    this.state = 'answered';
    const ok = buildResponse(this.invite, 200, {
      toTag: this.localTag,
      headers: [
        ['contact', this.contact()],
        ['allow', ALLOW],
      ],
      body: Buffer.from(sdp),
    });
    this.tx.send(ok);
    this.expectAck(ok, this.tx.peer, true);
    counters.callsSetup += 1;
    this.logger.info(
      { toUser, from: fromUri, codec: audio?.codec, rtpPort: this.lease.port },
      'call answered',
    );
    if (audio) this.startMedia(audio);
  }

  onAck(ack: SipRequest): void {
    if (this.state !== 'answered' && this.state !== 'confirmed') return;
    const wasInitial = this.state === 'answered';
    this.awaitingAck?.stop();
    this.awaitingAck = undefined;
    this.state = 'confirmed';
    // Our 200 is acknowledged: the call is answered, and only now does media flow (RTP reflection).
    this.session?.answered();
    if (this.offeredInAnswer) {
      // Our 200 carried the offer: the answer is in this ACK (RFC 3264 with a delayed offer).
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
    const dialog = this.dialog;
    if (!dialog || this.state === 'ended') {
      tx.respond(481);
      return;
    }
    if (!dialog.acceptRemoteCSeq(request)) {
      tx.respond(500, { reason: 'CSeq Out Of Order' });
      return;
    }
    switch (request.method) {
      case 'BYE':
        tx.respond(200);
        this.logger.info('caller hung up');
        this.end('remote_hangup', causeFromRequest(request, 'caller'));
        return;
      case 'INVITE':
      case 'UPDATE':
        this.onSessionRefresh(request, tx, dialog);
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

  async hangup(reason: LegEndReason): Promise<void> {
    if (this.state === 'ended') return this.byeDone;
    if (this.state === 'answered') {
      // RFC 3261 15: no BYE before the ACK (or its timeout); the media stops now all the same.
      this.pendingBye = reason;
      this.session?.clearPlayback();
      return new Promise((resolve) => this.endWaiters.push(resolve));
    }
    if (this.state === 'routing') return;
    return this.sendBye(reason);
  }

  async transfer(request: TransferRequest): Promise<void> {
    if (request.mode === 'warm') throw new Error('warm transfer is not supported on SIP calls; use cold');
    const dialog = this.dialog;
    if (this.state !== 'confirmed' || !dialog) throw new Error('the call is not established');
    if (this.transferWaiter) throw new Error('a transfer is already in progress');
    const target = referTarget(request.target, dialog.remoteTarget);
    const remoteHost = parseSipUri(dialog.remoteTarget)?.host;
    await vetTransferTarget(target, this.context.policy, [
      this.source.address,
      ...(remoteHost ? [remoteHost] : []),
    ]);
    if (this.state !== 'confirmed' || this.transferWaiter)
      throw new Error('the call changed during the transfer');
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

  /** Ends the call without SIP (the gateway is closing): BYE if established, then local state. */
  async terminate(reason: LegEndReason): Promise<void> {
    if (this.state === 'routing') {
      this.tx.respond(503, { toTag: this.localTag });
      this.finish();
      return;
    }
    if (this.state === 'answered') {
      this.awaitingAck?.stop();
      await this.sendBye(reason);
      return;
    }
    await this.hangup(reason);
  }

  private onCancel(cancel: SipRequest): void {
    if (this.state !== 'routing') return;
    // No leg was made, so no call record: the cause lives in the gateway's log.
    const cause = causeFromRequest(cancel, 'caller', 'CANCEL from caller before answer');
    this.logger.info({ cause }, 'caller cancelled before answer');
    this.tx.respond(487, { toTag: this.localTag });
    this.context.counters.callsRejected += 1;
    this.finish();
  }

  private onSessionRefresh(request: SipRequest, tx: ServerTransaction, dialog: Dialog): void {
    if (this.awaitingAck && request.method === 'INVITE') {
      tx.respond(491, { headers: [['retry-after', '1']] });
      return;
    }
    if (request.method === 'INVITE') dialog.refreshTarget(request);
    let sdp = this.lastAnswer;
    if (request.body.length > 0) {
      const offer = isSdp(request) ? parseSdp(request.body.toString('utf8')) : undefined;
      const result = offer ? negotiateAudio(offer) : undefined;
      if (!offer || !result?.ok) {
        tx.respond(488, { headers: [['warning', '304 - "no common media format"']] });
        return;
      }
      sdp = buildAnswer(offer, result.audio, this.localMedia());
      if (sdp !== this.lastAnswer) {
        this.sdpVersion += 1; // RFC 3264 8: a changed description gets a new o= version
        sdp = buildAnswer(offer, result.audio, this.localMedia());
      }
      this.session?.update(result.audio);
      this.logger.info({ direction: result.audio.direction, codec: result.audio.codec }, 'session refreshed');
    } else if (request.method === 'INVITE') {
      this.offeredInAnswer = true; // an offerless re-INVITE: our 200 is the offer, the ACK the answer
    }
    this.lastAnswer = sdp;
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

  private expectAck(ok: SipResponse, peer: SipPeer, initial: boolean): void {
    this.awaitingAck?.stop();
    this.awaitingAck = new AnswerRetransmitter(
      () => this.context.layer.sendResponse(ok, peer),
      this.context.layer.timers,
      () => {
        this.awaitingAck = undefined;
        this.logger.warn({ initial }, 'no ACK for our 200 OK; ending the call');
        if (initial) this.context.counters.callsFailed += 1;
        this.state = 'confirmed'; // RFC 3261 13.3.1.4: confirmed, then torn down with BYE
        void this.sendBye(this.pendingBye ?? 'error', 'no ACK for 200 OK');
      },
    );
    this.awaitingAck.start();
  }

  private startMedia(audio: NegotiatedAudio): void {
    const lease = this.lease;
    if (!lease || this.state === 'ended') return;
    const session = new RtpSession({
      lease,
      clock: this.context.clock,
      media: audio,
      counters: this.context.counters.rtp,
      mediaTimeoutMs: this.context.mediaTimeoutMs,
      onAudio: (frame) => this.leg?.emit('audio', frame),
      onDtmf: (digit) => this.leg?.emit('dtmf', digit),
      onMediaTimeout: () => {
        this.logger.warn(
          { timeoutMs: this.context.mediaTimeoutMs },
          'no RTP from the far end; ending the call',
        );
        void this.hangup('media_timeout');
      },
      onLatched: (address, port) => this.logger.debug({ address, port }, 'RTP latched to the far end'),
      answered: this.state === 'confirmed',
      trust: {
        signallingAddress: this.source.address,
        lists: (address) => this.context.policy.lists(address),
      },
    });
    this.session = session;
    const from = parseNameAddr(this.invite.headers.get('from') ?? '')?.uri ?? '';
    const to = this.invite.uri;
    const leg = new SipMediaLeg(
      this.callId,
      from,
      to,
      {
        play: (frame) => session.play(frame),
        clearPlayback: () => session.clearPlayback(),
        get queuedFrames() {
          return session.queuedFrames;
        },
        sendDtmf: (digit) => session.sendDtmf(digit),
        transfer: (request) => this.transfer(request),
        hangup: (reason) => this.hangup(reason),
      },
      this.logger,
    );
    this.leg = leg;
    try {
      this.onLeg?.(leg);
    } catch (error) {
      this.logger.error({ err: error }, 'route onLeg handler failed; ending the call');
      void this.hangup('error');
    }
  }

  /** `why`: the leading clause of the end cause when it is not the reason's own (no ACK, bad answer). */
  private sendBye(reason: LegEndReason, why?: string): Promise<void> {
    if (this.byeDone) return this.byeDone;
    const dialog = this.dialog;
    const cause = causeOfOurBye(reason, why);
    if (!dialog) {
      this.end(reason, cause);
      return Promise.resolve();
    }
    this.byeDone = sendDialogBye(this.context.layer, dialog, reason);
    this.logger.info({ reason }, 'hanging up (BYE)');
    this.end(reason, cause);
    return this.byeDone;
  }

  private end(reason: LegEndReason, cause: string): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.awaitingAck?.stop();
    this.settleTransfer(new Error('call ended'));
    this.session?.close();
    this.lease?.release();
    this.context.counters.callsEnded += 1;
    this.leg?.end(reason, cause);
    this.logger.info({ reason, cause }, 'call ended');
    this.finish();
  }

  /** Forget the call (no leg events: either it never had a leg, or end() sent them). */
  private finish(): void {
    this.state = 'ended';
    this.lease?.release();
    this.context.onEnded(this);
    for (const resolve of this.endWaiters.splice(0)) resolve();
  }

  private fail(status: number, reason: string): void {
    this.context.counters.callsFailed += 1;
    this.logger.warn(
      { status, reason, cause: causeOfOurRejection(status, undefined, reason) },
      'call setup failed',
    );
    this.tx.respond(status, {
      toTag: this.localTag,
      headers: [['warning', `399 - "${reason}"`]],
    });
    this.finish();
  }

  private localMedia() {
    return {
      address: this.context.publicAddress,
      port: this.lease?.port ?? 0,
      sessionId: this.sessionId,
      version: this.sdpVersion,
    };
  }

  private contact(): string {
    const tcp = this.source.transport === 'tcp' ? ';transport=tcp' : '';
    return `<sip:${this.context.publicAddress}:${this.context.sipPort}${tcp}>`;
  }
}

function isSdp(message: SipRequest): boolean {
  return (message.headers.get('content-type') ?? '').toLowerCase().startsWith('application/sdp');
}
