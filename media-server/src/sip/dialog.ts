/**
 * A UAS dialog (RFC 3261 12): identity (Call-ID and tags), CSeq in both directions, remote target and route
 * set, and how to build requests inside it (BYE, REFER, re-INVITE).
 */
import { isIP } from 'node:net';
import { AddressRefusedError } from '#server/net/address-policy.ts';
import { parseCSeq, parseNameAddr } from './header-values.ts';
import { describeRefusal, type PeerPolicy } from './peer-policy.ts';
import { SipHeaders } from './sip-headers.ts';
import { type SipPeer, type SipRequest, type SipResponse } from './sip-message.ts';
import { bareHost, parseSipUri } from './sip-uri.ts';

export interface OutgoingRequestOptions {
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
  contentType?: string;
}

export class Dialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** Our From header for requests we send (the INVITE's To, with our tag). */
  private readonly localAddr: string;
  /** Their address (the INVITE's From, with their tag). */
  private readonly remoteAddr: string;
  remoteTarget: string;
  readonly routeSet: readonly string[];
  localSeq: number;
  remoteSeq: number;
  /** The route set's first hop once the address policy allowed it (see vetRoute). */
  private routeHop: SipPeer | undefined;

  constructor(
    invite: SipRequest,
    /** Where the INVITE came from; used as the next hop when there is no route set (NAT-friendly). */
    private readonly source: SipPeer,
    localTag: string,
    /** Our Contact header value. */
    readonly contact: string,
  ) {
    this.callId = invite.headers.get('call-id') ?? '';
    this.localTag = localTag;
    const from = invite.headers.get('from') ?? '';
    this.remoteTag = parseNameAddr(from)?.params.get('tag') ?? '';
    this.remoteAddr = from;
    const to = invite.headers.get('to') ?? '';
    this.localAddr = parseNameAddr(to)?.params.has('tag') ? to : `${to};tag=${localTag}`;
    this.remoteTarget = contactUri(invite) ?? parseNameAddr(from)?.uri ?? invite.uri;
    // A UAS keeps Record-Route in the order received (RFC 3261 12.1.1).
    this.routeSet = invite.headers.getAll('record-route');
    this.remoteSeq = parseCSeq(invite.headers.get('cseq') ?? '')?.seq ?? 0;
    // Any start value works; a random one keeps CSeqs of a restarted process from colliding.
    this.localSeq = Math.floor(Math.random() * 10_000) + 1;
  }

  /**
   * The dialog a 2xx to our INVITE creates (RFC 3261 12.1.2): their To (with tag) is the remote side, our
   * From the local one, their Contact the target, the Record-Route reversed. Built through the UAS
   * constructor by presenting the response as the request the far end would have sent us.
   */
  static forUac(invite: SipRequest, response: SipResponse, firstHop: SipPeer, contact: string): Dialog {
    const headers = new SipHeaders();
    headers.add('call-id', invite.headers.get('call-id') ?? '');
    headers.add('from', response.headers.get('to') ?? '');
    headers.add('to', invite.headers.get('from') ?? '');
    const theirContact = response.headers.get('contact');
    if (theirContact !== undefined) headers.add('contact', theirContact);
    for (const route of [...response.headers.getAll('record-route')].reverse())
      headers.add('record-route', route);
    headers.add('cseq', '0 INVITE');
    const mirrored: SipRequest = {
      kind: 'request',
      method: 'INVITE',
      uri: invite.uri,
      headers,
      body: Buffer.alloc(0),
    };
    const localTag = parseNameAddr(invite.headers.get('from') ?? '')?.params.get('tag') ?? '';
    const dialog = new Dialog(mirrored, firstHop, localTag, contact);
    dialog.localSeq = parseCSeq(invite.headers.get('cseq') ?? '')?.seq ?? 1;
    return dialog;
  }

  /** True when an in-dialog request (To tag = ours, From tag = theirs) belongs here. */
  matches(request: SipRequest): boolean {
    return (
      request.headers.get('call-id') === this.callId &&
      parseNameAddr(request.headers.get('to') ?? '')?.params.get('tag') === this.localTag &&
      (parseNameAddr(request.headers.get('from') ?? '')?.params.get('tag') ?? '') === this.remoteTag
    );
  }

  /** RFC 3261 12.2.2: a lower CSeq than the last one is out of order and gets 500. */
  acceptRemoteCSeq(request: SipRequest): boolean {
    const seq = parseCSeq(request.headers.get('cseq') ?? '')?.seq;
    if (seq === undefined) return false;
    if (seq < this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** A target refresh (re-INVITE) may move the remote target. */
  refreshTarget(request: SipRequest): void {
    const uri = contactUri(request);
    if (uri) this.remoteTarget = uri;
  }

  createRequest(method: string, options: OutgoingRequestOptions = {}): SipRequest {
    const headers = new SipHeaders();
    for (const route of this.routeSet) headers.add('route', route);
    headers.add('max-forwards', '70');
    headers.add('from', this.localAddr);
    headers.add('to', this.remoteAddr);
    headers.add('call-id', this.callId);
    this.localSeq += 1;
    headers.add('cseq', `${this.localSeq} ${method}`);
    headers.add('contact', this.contact);
    for (const [name, value] of options.headers ?? []) headers.add(name, value);
    const body = options.body ?? Buffer.alloc(0);
    if (body.length > 0) headers.set('content-type', options.contentType ?? 'application/sdp');
    return { kind: 'request', method, uri: this.remoteTarget, headers, body };
  }

  /**
   * Where in-dialog requests are sent: the first loose route once vetRoute allowed it, else back where the
   * INVITE came from (or where ours went), which holds the route set too.
   */
  nextHop(): SipPeer {
    return this.routeHop ?? this.source;
  }

  /**
   * The far end chose the route set (Record-Route), so its first hop passes the address policy before we
   * send there (ADR 013): the address the dialog's signalling already uses is fine, anything else must be
   * public or allow-listed, and a name is resolved once and pinned. An IP hop is decided before this
   * returns; a name when its answer comes. Resolves to the refusal, if any.
   */
  async vetRoute(policy: PeerPolicy): Promise<string | undefined> {
    const first = this.routeSet[0];
    const routeUri = first === undefined ? undefined : parseSipUri(parseNameAddr(first)?.uri ?? '');
    if (!routeUri?.host) return undefined;
    const transport =
      routeUri.params.get('transport')?.toLowerCase() === 'tcp' ? 'tcp' : this.source.transport;
    const hop: SipPeer = { transport, address: bareHost(routeUri.host), port: routeUri.port ?? 5060 };
    if (hop.address === bareHost(this.source.address)) {
      this.routeHop = hop;
      return undefined;
    }
    if (isIP(hop.address)) {
      if (policy.allowsAddress(hop.address)) {
        this.routeHop = hop;
        return undefined;
      }
      return `route hop ${hop.address} is not a public address and not allow-listed (TELEPHONY_ALLOW_HOSTS)`;
    }
    try {
      this.routeHop = await policy.pin(hop);
      return undefined;
    } catch (error) {
      if (error instanceof AddressRefusedError) return describeRefusal(error);
      throw error;
    }
  }
}

function contactUri(request: SipRequest): string | undefined {
  const contact = request.headers.get('contact');
  return contact === undefined ? undefined : parseNameAddr(contact)?.uri;
}
