/**
 * Matches messages to transactions (RFC 3261 17.1.3 and 17.2.3, with the RFC 2543 fallback for branches
 * without the magic cookie), absorbs retransmissions, answers CANCEL, and hands the transaction user only
 * what it must act on: new requests, ACKs for 2xx, and responses to its own requests.
 */
import { randomBytes } from 'node:crypto';
import { ClientTransaction } from './client-transaction.ts';
import { formatVia, parseCSeq, parseVia, tagOf } from './header-values.ts';
import { type SipMessage, type SipPeer, type SipRequest, type SipResponse } from './sip-message.ts';
import { responseTarget } from './sip-transport.ts';
import { ServerTransaction } from './server-transaction.ts';
import { DEFAULT_TIMER_CONFIG, type TimerConfig } from './transaction-timers.ts';

export interface TransactionUser {
  /** A new request (not ACK). CANCEL never arrives here: the layer answers it and calls tx.onCancel. */
  onRequest(request: SipRequest, transaction: ServerTransaction): void;
  /** An ACK that no server transaction absorbed: the ACK for a 2xx, which belongs to the dialog. */
  onAck(request: SipRequest, peer: SipPeer): void;
}

export interface TransactionLayerOptions {
  send(message: SipMessage, peer: SipPeer): void;
  /** sent-by for our Via headers (the address peers can reach us at). */
  viaHost: string;
  viaPort: number;
  timers?: Partial<TimerConfig>;
}

export class TransactionLayer {
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();
  readonly timers: TimerConfig;
  user: TransactionUser | undefined;

  constructor(private readonly options: TransactionLayerOptions) {
    this.timers = { ...DEFAULT_TIMER_CONFIG, ...options.timers };
  }

  get serverCount(): number {
    return this.servers.size;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  handle(message: SipMessage, peer: SipPeer): void {
    if (message.kind === 'response') this.handleResponse(message);
    else this.handleRequest(message, peer);
  }

  /** Sends a request in a new client transaction; adds our Via with a fresh branch. */
  sendRequest(
    request: SipRequest,
    peer: SipPeer,
    onResponse: (response: SipResponse) => void,
  ): ClientTransaction {
    request.headers.prepend('via', this.via(peer, newBranch()));
    return this.startClient(request, peer, onResponse);
  }

  /** CANCEL for an INVITE we sent: same branch and Request-URI (RFC 3261 9.1). */
  sendCancel(
    invite: SipRequest,
    peer: SipPeer,
    onResponse: (response: SipResponse) => void,
  ): ClientTransaction {
    const headers = invite.headers.clone();
    for (const name of ['content-type', 'contact', 'cseq', 'require', 'proxy-require', 'supported', 'allow'])
      headers.delete(name);
    const vias = headers.getAll('via');
    headers.delete('via').add('via', vias[0] ?? '');
    headers.add('cseq', `${parseCSeq(invite.headers.get('cseq') ?? '')?.seq ?? 1} CANCEL`);
    const cancel: SipRequest = {
      kind: 'request',
      method: 'CANCEL',
      uri: invite.uri,
      headers,
      body: Buffer.alloc(0),
    };
    return this.startClient(cancel, peer, onResponse);
  }

  /** ACK for a 2xx: end to end, no transaction (RFC 3261 13.2.2.4). */
  sendAck(ack: SipRequest, peer: SipPeer): void {
    ack.headers.prepend('via', this.via(peer, newBranch()));
    this.options.send(ack, peer);
  }

  /** A response outside any transaction (2xx retransmissions from the UAS core). */
  sendResponse(response: SipResponse, peer: SipPeer): void {
    this.options.send(response, peer);
  }

  close(): void {
    for (const tx of [...this.servers.values()]) tx.terminate();
    for (const tx of [...this.clients.values()]) tx.terminate();
  }

  private via(peer: SipPeer, branch: string): string {
    return formatVia({
      transport: peer.transport.toUpperCase(),
      host: this.options.viaHost,
      port: this.options.viaPort,
      params: new Map([
        ['branch', branch],
        ['rport', ''],
      ]),
    });
  }

  private startClient(
    request: SipRequest,
    peer: SipPeer,
    onResponse: (response: SipResponse) => void,
  ): ClientTransaction {
    const key = clientKey(request.headers.getAll('via')[0] ?? '', request.method);
    const tx = new ClientTransaction(
      request,
      peer,
      { send: (message, target) => this.options.send(message, target), timers: this.timers },
      onResponse,
    );
    this.clients.set(key, tx);
    tx.onTerminated = () => {
      if (this.clients.get(key) === tx) this.clients.delete(key);
    };
    tx.start();
    return tx;
  }

  private handleResponse(response: SipResponse): void {
    const method = parseCSeq(response.headers.get('cseq') ?? '')?.method ?? '';
    const tx = this.clients.get(clientKey(response.headers.getAll('via')[0] ?? '', method));
    tx?.receive(response); // a response matching nothing is dropped (RFC 3261 18.1.2)
  }

  private handleRequest(request: SipRequest, peer: SipPeer): void {
    const user = this.user;
    if (request.method === 'ACK') {
      const invite = this.servers.get(serverKey(request, 'INVITE'));
      if (invite?.receiveAck()) return;
      user?.onAck(request, peer);
      return;
    }
    const key = serverKey(request, request.method);
    const existing = this.servers.get(key);
    if (existing) {
      existing.receiveRetransmission();
      return;
    }
    const tx = new ServerTransaction(request, responseTarget(request.headers, peer), {
      send: (message, target) => this.options.send(message, target),
      timers: this.timers,
    });
    this.servers.set(key, tx);
    tx.onTerminated = () => {
      if (this.servers.get(key) === tx) this.servers.delete(key);
    };
    if (request.method === 'CANCEL') {
      this.handleCancel(request, tx);
      return;
    }
    if (!user) {
      tx.respond(503);
      return;
    }
    if (request.method === 'INVITE') tx.respond(100); // answer at once: the TU may take a while to route
    user.onRequest(request, tx);
  }

  private handleCancel(cancel: SipRequest, tx: ServerTransaction): void {
    const invite = this.servers.get(serverKey(cancel, 'INVITE'));
    if (!invite) {
      tx.respond(481);
      return;
    }
    tx.respond(200);
    if (invite.finalSent) return;
    if (invite.onCancel) invite.onCancel(cancel);
    else invite.respond(487, { toTag: newTag() });
  }
}

function clientKey(topVia: string, method: string): string {
  const branch = parseVia(topVia)?.params.get('branch') ?? '';
  return `${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}

function serverKey(request: SipRequest, method: string): string {
  const via = parseVia(request.headers.getAll('via')[0] ?? '');
  const sentBy = `${via?.host ?? ''}:${via?.port ?? ''}`;
  const branch = via?.params.get('branch') ?? '';
  if (branch.startsWith('z9hG4bK') && branch.length > 7) return `${branch}|${sentBy}|${method}`;
  // RFC 2543 peers: match on the request's identity instead (RFC 3261 17.2.3).
  const cseq = parseCSeq(request.headers.get('cseq') ?? '')?.seq ?? '';
  const fromTag = tagOf(request.headers.get('from')) ?? '';
  return `2543|${request.headers.get('call-id') ?? ''}|${fromTag}|${cseq}|${sentBy}|${branch}|${method}`;
}

export function newBranch(): string {
  return `z9hG4bK${randomBytes(9).toString('base64url')}`;
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}
