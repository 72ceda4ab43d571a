/**
 * One call we place (UAC, RFC 3261 13.2): INVITE with our offer, digest answer to 401/407, progress
 * (100, 180/183), CANCEL on ring timeout or hangup before answer, ACK for the 2xx (re-sent for its
 * retransmissions); once answered, the dialog's requests, media and hangup belong to EstablishedCall.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { AddressRefusedError } from '#server/net/address-policy.ts';
import { type Logger } from '#server/logger.ts';
import { type LegEndReason } from '../call/media-leg.ts';
import { type RtpPortLease } from '../rtp/rtp-port-allocator.ts';
import { buildOffer, negotiateAudio, type G711Codec } from '../sdp/offer-answer.ts';
import { parseSdp } from '../sdp/session-description.ts';
import { Dialog } from '../sip/dialog.ts';
import { digestAuthorization, parseDigestChallenge } from '../sip/digest-auth.ts';
import { parseCSeq } from '../sip/header-values.ts';
import { describeRefusal } from '../sip/peer-policy.ts';
import { assertSafeSipMessage, hasControlCharacter, UnsafeSipMessageError } from '../sip/sip-serializer.ts';
import { SipHeaders } from '../sip/sip-headers.ts';
import { type SipPeer, type SipRequest, type SipResponse } from '../sip/sip-message.ts';
import { type ServerTransaction } from '../sip/server-transaction.ts';
import { newTag } from '../sip/transaction-layer.ts';
import { ALLOW, callContact, type CallContext, type GatewayCall } from './call-context.ts';
import { responseDetail } from './end-cause.ts';
import { EstablishedCall, localMedia } from './established-call.ts';
import { type SipMediaLeg } from './sip-media-leg.ts';

export type OutboundProgress =
  | { state: 'trying' }
  | { state: 'ringing'; sipCode: number }
  | { state: 'answered'; sipCode: number; codec: G711Codec }
  | { state: 'ended'; reason: LegEndReason; durationMs: number; cause: string }
  /** `reason`: the final response's phrase with the far end's Reason headers and what we did (the
   * end cause without its status); `cause`: the whole end cause (see end-cause.ts); `refused`: never
   * sent, because the address policy refused the first hop (ADR 013). */
  | { state: 'failed'; sipCode: number; reason: string; cause: string; refused?: 'address_policy' };

export interface DialOptions {
  /** Request-URI, e.g. sip:74951234567@sip.carrier.example:5060 */
  target: string;
  /** Where the INVITE goes first (outbound proxy or the carrier); a host name is resolved and vetted by the
   * address policy when the call starts, and the call keeps that address (ADR 013). */
  peer: SipPeer;
  /** From: our caller ID at the carrier's domain. */
  fromUri: string;
  fromDisplayName?: string;
  /** Digest credentials for a carrier that challenges calls. */
  auth?: { username: string; password: string };
  codecs?: readonly G711Codec[];
  /** CANCEL when nobody answers within this; default 60 s. */
  ringTimeoutMs?: number;
  onProgress?: (progress: OutboundProgress) => void;
  /** The answered call's media, for the pipeline. */
  onLeg: (leg: SipMediaLeg) => void;
}

type State = 'calling' | 'early' | 'confirmed' | 'ended';

export class OutboundCall implements GatewayCall {
  readonly callId: string;
  readonly localTag = newTag();
  readonly logger: Logger;
  private state: State = 'calling';
  /** The first hop as the address policy pinned it; the name as given until then. */
  private peer: SipPeer;
  private invite: SipRequest;
  private cseq = 1;
  private authAttempts = 0;
  private established: EstablishedCall | undefined;
  private ack: SipRequest | undefined;
  private lease: RtpPortLease | undefined;
  private offer = '';
  private ringTimer: NodeJS.Timeout | undefined;
  private answeredAt: number | undefined;
  private cancelled = false;
  private inviteSent = false;
  /** What our CANCEL adds to the 487's end cause. */
  private cancelClause = '';
  private readonly sessionId = String(randomInt(1, 2 ** 31));
  private readonly endWaiters: Array<() => void> = [];

  constructor(
    private readonly options: DialOptions,
    private readonly context: CallContext,
  ) {
    this.callId = `${randomBytes(12).toString('hex')}@${context.publicAddress}`;
    this.logger = context.logger.child({ callId: this.callId, direction: 'outbound' });
    this.peer = options.peer;
    this.invite = this.buildInvite();
  }

  get key(): string {
    return `${this.callId}|${this.localTag}`;
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  whenEnded(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => this.endWaiters.push(resolve));
  }

  async start(): Promise<void> {
    try {
      assertSafeSipMessage(this.invite);
      // URIs and the display name hold no control character at all (a header value may carry a tab).
      const { target, fromUri, fromDisplayName = '' } = this.options;
      if ([target, fromUri, fromDisplayName].some(hasControlCharacter))
        throw new UnsafeSipMessageError('header-value', 'a control character in the call addresses');
    } catch (error) {
      if (!(error instanceof UnsafeSipMessageError)) throw error;
      this.logger.warn({ err: error.message }, 'call not placed: its addresses hold control characters');
      this.fail(400, 'control characters in the call addresses (platform)');
      return;
    }
    try {
      this.peer = await this.context.policy.pin(this.options.peer);
    } catch (error) {
      if (!(error instanceof AddressRefusedError)) throw error;
      const refusal = describeRefusal(error);
      this.logger.warn({ reason: refusal }, 'call not placed: the address policy refused its first hop');
      const policy = error.reason === 'dns_failure' ? undefined : ('address_policy' as const);
      this.fail(policy ? 403 : 404, `${refusal} (platform)`, policy);
      return;
    }
    if (this.stoppedBeforeSending()) return;
    try {
      this.lease = await this.context.allocator.allocate();
    } catch {
      this.fail(503, 'no media port available (platform)');
      return;
    }
    if (this.stoppedBeforeSending()) {
      this.lease.release();
      return;
    }
    const local = localMedia(this.context, this.lease, this.sessionId);
    this.offer = buildOffer(local, this.options.codecs ?? ['PCMA', 'PCMU']);
    this.invite = this.buildInvite();
    this.ringTimer = setTimeout(() => {
      this.logger.info('no answer in time; cancelling');
      this.cancel('CANCEL sent by platform (no answer in time)');
    }, this.options.ringTimeoutMs ?? 60_000);
    this.send();
  }

  /** Hung up (or failed) while the first hop was being vetted or a media port found. */
  private stoppedBeforeSending(): boolean {
    return this.cancelled || this.state === 'ended';
  }

  /** Ends the call from our side: CANCEL before the answer, BYE after it. */
  async hangup(reason: LegEndReason = 'local_hangup'): Promise<void> {
    if (this.established) return this.established.hangup(reason);
    if (this.state === 'ended') return;
    this.cancel('CANCEL sent by platform');
    return this.whenEnded();
  }

  terminate(reason: LegEndReason): Promise<void> {
    return this.hangup(reason);
  }

  /** The ACK for a 200 we sent to a re-INVITE (the far end sends none for its own 200). */
  onAck(ack: SipRequest): void {
    this.established?.onAck(ack);
  }

  onRequest(request: SipRequest, tx: ServerTransaction): void {
    if (this.established) this.established.onRequest(request, tx);
    else tx.respond(481);
  }

  private buildInvite(authorization?: [string, string]): SipRequest {
    const headers = new SipHeaders();
    headers.add('max-forwards', '70');
    const display = this.options.fromDisplayName
      ? `"${this.options.fromDisplayName.replace(/"/g, '')}" `
      : '';
    headers.add('from', `${display}<${this.options.fromUri}>;tag=${this.localTag}`);
    headers.add('to', `<${this.options.target}>`);
    headers.add('call-id', this.callId);
    headers.add('cseq', `${this.cseq} INVITE`);
    headers.add('contact', this.contact());
    headers.add('allow', ALLOW);
    if (authorization) headers.add(authorization[0], authorization[1]);
    const body = Buffer.from(this.offer);
    if (body.length > 0) headers.add('content-type', 'application/sdp');
    return { kind: 'request', method: 'INVITE', uri: this.options.target, headers, body };
  }

  private send(): void {
    this.inviteSent = true;
    const invite = this.invite;
    this.context.layer.sendRequest(invite, this.peer, (response) => this.onResponse(invite, response));
    if (this.authAttempts === 0) this.options.onProgress?.({ state: 'trying' });
  }

  private onResponse(invite: SipRequest, response: SipResponse): void {
    if (invite !== this.invite) return; // an earlier, challenged INVITE
    const status = response.status;
    if (status < 200) {
      if (this.state === 'calling' && status > 100) {
        this.state = 'early';
        this.options.onProgress?.({ state: 'ringing', sipCode: status });
      }
      return;
    }
    if (status < 300) {
      this.onSuccess(invite, response);
      return;
    }
    if (this.state === 'ended') return;
    if ((status === 401 || status === 407) && this.options.auth && this.authAttempts < 1 && !this.cancelled) {
      const proxy = status === 407;
      const challenge = parseDigestChallenge(
        response.headers.get(proxy ? 'proxy-authenticate' : 'www-authenticate') ?? '',
      );
      if (challenge) {
        this.authAttempts += 1;
        this.cseq += 1;
        this.invite = this.buildInvite([
          proxy ? 'proxy-authorization' : 'authorization',
          digestAuthorization({
            challenge,
            method: 'INVITE',
            uri: this.options.target,
            username: this.options.auth.username,
            password: this.options.auth.password,
            nc: 1,
            cnonce: randomBytes(8).toString('hex'),
          }),
        ]);
        this.logger.debug({ status }, 'answering the digest challenge');
        this.send();
        return;
      }
    }
    this.fail(
      status,
      responseDetail(response, status === 487 && this.cancelClause ? [this.cancelClause] : []),
    );
  }

  private onSuccess(invite: SipRequest, response: SipResponse): void {
    if (this.ack && this.established) {
      // A retransmitted 2xx: our ACK was lost; send it again (RFC 3261 13.2.2.4).
      this.context.layer.sendAck(cloneRequest(this.ack), this.established.dialog.nextHop());
      return;
    }
    const lease = this.lease;
    if (!lease) return; // no INVITE goes out without a media port
    const dialog = Dialog.forUac(invite, response, this.peer, this.contact());
    // The carrier's Record-Route names where in-dialog requests go: vetted like any other destination.
    void dialog.vetRoute(this.context.policy).then(
      (refusal) =>
        refusal && this.logger.warn({ refusal }, 'route refused; in-dialog requests go to the first hop'),
      (error: unknown) => this.logger.error({ err: error }, 'route could not be vetted'),
    );
    const inviteSeq = parseCSeq(invite.headers.get('cseq') ?? '')?.seq ?? 1;
    dialog.localSeq = inviteSeq - 1;
    this.ack = dialog.createRequest('ACK');
    this.ack.headers.delete('contact');
    this.context.layer.sendAck(cloneRequest(this.ack), dialog.nextHop());
    if (this.ringTimer) clearTimeout(this.ringTimer);
    const established = new EstablishedCall(
      {
        callId: this.callId,
        logger: this.logger,
        context: this.context,
        dialog,
        lease,
        peer: this.peer,
        farEnd: 'callee',
        sessionId: this.sessionId,
        lastSdp: this.offer,
        from: this.options.fromUri,
        to: this.options.target,
        transfers: false,
        onLeg: this.options.onLeg,
        onEnded: (reason, cause) => {
          this.state = 'ended';
          const durationMs =
            this.answeredAt === undefined ? 0 : Math.round(performance.now() - this.answeredAt);
          this.options.onProgress?.({ state: 'ended', reason, durationMs, cause });
          this.finish();
        },
      },
      { confirmed: true },
    );
    const endedBefore = this.state === 'ended';
    this.established = established;
    this.state = 'confirmed';
    const answer = response.body.length > 0 ? parseSdp(response.body.toString('utf8')) : undefined;
    const negotiated = answer ? negotiateAudio(answer, this.options.codecs ?? ['PCMA', 'PCMU']) : undefined;
    if (this.cancelled || endedBefore || !negotiated?.ok) {
      // Answered after our CANCEL crossed it, or with media we cannot use: end it at once.
      if (!negotiated?.ok) this.logger.warn('answer carried no usable audio; hanging up');
      void established.sendBye(
        negotiated?.ok ? 'local_hangup' : 'error',
        negotiated?.ok ? 'answered after CANCEL' : 'no usable SDP answer',
      );
      return;
    }
    this.answeredAt = performance.now();
    this.context.counters.callsSetup += 1;
    this.logger.info({ codec: negotiated.audio.codec, status: response.status }, 'call answered');
    this.options.onProgress?.({ state: 'answered', sipCode: response.status, codec: negotiated.audio.codec });
    established.startMedia(negotiated.audio);
  }

  private cancel(clause: string): void {
    if (this.cancelled || (this.state !== 'calling' && this.state !== 'early')) return;
    this.cancelled = true;
    this.cancelClause = clause;
    if (!this.inviteSent) {
      // Still resolving (or vetting) the first hop: nothing went out, so there is nothing to CANCEL.
      this.fail(487, `Request Terminated; ${clause}`);
      return;
    }
    // The INVITE then ends with 487, which fail() reports.
    this.context.layer.sendCancel(this.invite, this.peer, () => undefined);
  }

  private fail(status: number, reason: string, refused?: 'address_policy'): void {
    const cause = `${status} ${reason}`;
    if (this.state === 'ended') return;
    this.state = 'ended';
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.lease?.release();
    this.context.counters.callsFailed += 1;
    this.logger.info({ status, reason, cause }, 'call not answered');
    this.options.onProgress?.({
      state: 'failed',
      sipCode: status,
      reason,
      cause,
      ...(refused ? { refused } : {}),
    });
    this.finish();
  }

  private finish(): void {
    this.context.onEnded(this);
    for (const resolve of this.endWaiters.splice(0)) resolve();
  }

  private contact(): string {
    return callContact(this.context, this.peer);
  }
}

/** The transaction layer prepends a Via to what it sends: each ACK (re)send gets a fresh copy. */
function cloneRequest(request: SipRequest): SipRequest {
  return { ...request, headers: request.headers.clone() };
}
