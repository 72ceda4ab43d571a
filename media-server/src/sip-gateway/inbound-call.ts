/**
 * One inbound SIP call (UAS): routing, the answer (with 2xx retransmission until ACK, in EstablishedCall),
 * CANCEL before it; once answered, the dialog's requests, media and hangup belong to EstablishedCall.
 */
import { randomInt } from 'node:crypto';
import { type Logger } from '#server/logger.ts';
import { type LegEndReason, type TransferRequest } from '../call/media-leg.ts';
import { type RtpPortLease } from '../rtp/rtp-port-allocator.ts';
import { buildAnswer, buildOffer, negotiateAudio, type NegotiatedAudio } from '../sdp/offer-answer.ts';
import { parseSdp, type SessionDescription } from '../sdp/session-description.ts';
import { buildResponse } from '../sip/build-response.ts';
import { Dialog } from '../sip/dialog.ts';
import { parseNameAddr, tagOf } from '../sip/header-values.ts';
import { type SipPeer, type SipRequest } from '../sip/sip-message.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import { type ServerTransaction } from '../sip/server-transaction.ts';
import { newTag } from '../sip/transaction-layer.ts';
import { ALLOW, callContact, type CallContext, type GatewayCall } from './call-context.ts';
import { causeFromRequest, causeOfOurRejection } from './end-cause.ts';
import { EstablishedCall, isSdp, localMedia } from './established-call.ts';
import { type RouteDecision } from './sip-route.ts';

/** `answered`: our 200 is out; from then on `established` holds the call. */
type CallState = 'routing' | 'answered' | 'ended';

export class InboundCall implements GatewayCall {
  readonly callId: string;
  readonly localTag = newTag();
  readonly logger: Logger;
  private state: CallState = 'routing';
  private established: EstablishedCall | undefined;
  private lease: RtpPortLease | undefined;
  private readonly sessionId = String(randomInt(1, 2 ** 31));
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
    let lease: RtpPortLease;
    try {
      lease = this.lease = await this.context.allocator.allocate();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'no RTP port for call');
      return this.fail(503, 'no media port available');
    }
    if (this.state !== 'routing') {
      lease.release();
      return;
    }

    const local = localMedia(this.context, lease, this.sessionId);
    const sdp = offer && audio ? buildAnswer(offer, audio, local) : buildOffer(local);
    const contact = callContact(this.context, this.source);
    const dialog = new Dialog(this.invite, this.source, this.localTag, contact);
    // The caller's Record-Route names where our BYE, REFER and re-INVITEs go: vetted first (ADR 013).
    void dialog.vetRoute(this.context.policy).then(
      (refusal) =>
        refusal && this.logger.warn({ refusal }, 'route refused; in-dialog requests go to the caller'),
      (error: unknown) => this.logger.error({ err: error }, 'route could not be vetted'),
    );
    this.state = 'answered';
    const ok = buildResponse(this.invite, 200, {
      toTag: this.localTag,
      headers: [
        ['contact', contact],
        ['allow', ALLOW],
      ],
      body: Buffer.from(sdp),
    });
    this.tx.send(ok);
    this.established = new EstablishedCall(
      {
        callId: this.callId,
        logger: this.logger,
        context: this.context,
        dialog,
        lease,
        peer: this.source,
        farEnd: 'caller',
        sessionId: this.sessionId,
        lastSdp: sdp,
        from: fromUri,
        to: this.invite.uri,
        transfers: true,
        onLeg: decision.onLeg,
        onEnded: () => this.finish(),
      },
      { confirmed: false, ok, peer: this.tx.peer, offeredInAnswer: !offer },
    );
    counters.callsSetup += 1;
    this.logger.info({ toUser, from: fromUri, codec: audio?.codec, rtpPort: lease.port }, 'call answered');
    if (audio) this.established.startMedia(audio);
  }

  onAck(ack: SipRequest): void {
    if (this.state === 'answered') this.established?.onAck(ack);
  }

  /** A request inside our dialog (To tag = ours). */
  onRequest(request: SipRequest, tx: ServerTransaction): void {
    if (this.established) this.established.onRequest(request, tx);
    else tx.respond(481);
  }

  async hangup(reason: LegEndReason): Promise<void> {
    return this.established?.hangup(reason);
  }

  transfer(request: TransferRequest): Promise<void> {
    return this.established
      ? this.established.transfer(request)
      : Promise.reject(new Error('the call is not established'));
  }

  /** Ends the call for the gateway's close: 503 while routing, else BYE (even before the ACK). */
  async terminate(reason: LegEndReason): Promise<void> {
    if (this.state === 'routing') {
      this.tx.respond(503, { toTag: this.localTag });
      this.finish();
      return;
    }
    await this.established?.sendBye(reason);
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

  /** Forget the call (no leg events: either it never had a leg, or EstablishedCall sent them). */
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
}
