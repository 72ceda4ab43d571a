/**
 * RFC 3261 17.1 client transactions (with RFC 6026's Accepted state for INVITE).
 *
 * INVITE:     calling (Timer A retransmits, Timer B times out) -> proceeding (1xx)
 *             -> completed (3xx-6xx: we ACK; Timer D absorbs retransmissions) -> terminated
 *             -> accepted (2xx: passed up, as are its retransmissions, for Timer M) -> terminated
 * non-INVITE: trying (Timer E retransmits, Timer F times out) -> proceeding (1xx)
 *             -> completed (final; Timer K) -> terminated
 */
import { buildResponse } from './build-response.ts';
import { parseCSeq } from './header-values.ts';
import { SipHeaders } from './sip-headers.ts';
import { type SipPeer, type SipRequest, type SipResponse } from './sip-message.ts';
import { TimerGroup, type TimerConfig } from './transaction-timers.ts';

export type ClientTransactionState =
  'calling' | 'trying' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

export interface ClientTransactionContext {
  send(request: SipRequest, peer: SipPeer): void;
  timers: TimerConfig;
}

export class ClientTransaction {
  state: ClientTransactionState;
  readonly isInvite: boolean;
  private readonly timers = new TimerGroup();
  onTerminated: (() => void) | undefined;

  constructor(
    readonly request: SipRequest,
    readonly peer: SipPeer,
    private readonly context: ClientTransactionContext,
    /** Every response the TU should see; a timeout arrives as a synthesized 408. */
    private readonly onResponse: (response: SipResponse) => void,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.state = this.isInvite ? 'calling' : 'trying';
  }

  get reliable(): boolean {
    return this.peer.transport !== 'udp';
  }

  start(): void {
    const { t1, t2 } = this.context.timers;
    this.context.send(this.request, this.peer);
    if (!this.reliable) {
      let interval = t1;
      const retransmit = () => {
        const active = this.isInvite
          ? this.state === 'calling'
          : this.state === 'trying' || this.state === 'proceeding';
        if (!active) return;
        this.context.send(this.request, this.peer);
        // Timer A doubles without a cap; Timer E doubles up to T2, and sits at T2 once a 1xx arrived.
        interval = this.isInvite
          ? interval * 2
          : this.state === 'proceeding'
            ? t2
            : Math.min(interval * 2, t2);
        this.timers.after(interval, retransmit);
      };
      this.timers.after(interval, retransmit);
    }
    this.timers.after(64 * t1, () => {
      // Timer B / Timer F
      const waiting = this.isInvite
        ? this.state === 'calling'
        : this.state === 'trying' || this.state === 'proceeding';
      if (!waiting) return;
      this.onResponse(buildResponse(this.request, 408, { reason: 'Request Timeout' }));
      this.terminate();
    });
  }

  receive(response: SipResponse): void {
    const { t1, t4 } = this.context.timers;
    if (this.state === 'terminated') return;
    if (response.status < 200) {
      if (this.state === 'calling' || this.state === 'trying') this.state = 'proceeding';
      if (this.state === 'proceeding') this.onResponse(response);
      return;
    }
    if (this.isInvite && response.status < 300) {
      if (this.state !== 'accepted') {
        this.state = 'accepted';
        this.timers.clear();
        this.timers.after(64 * t1, () => this.terminate()); // Timer M
      }
      this.onResponse(response); // 2xx retransmissions too: the TU re-sends its ACK
      return;
    }
    if (this.state === 'completed') {
      // A retransmitted final response: re-ACK it (INVITE) and tell nobody.
      if (this.isInvite) this.context.send(buildNon2xxAck(this.request, response), this.peer);
      return;
    }
    if (this.state === 'accepted') return;
    this.state = 'completed';
    this.timers.clear();
    if (this.isInvite) {
      this.context.send(buildNon2xxAck(this.request, response), this.peer);
      // Timer D: RFC 3261 asks for at least 32 s; 64*T1 is that with the default T1 and shrinks in tests.
      this.timers.after(this.reliable ? 0 : 64 * t1, () => this.terminate());
    } else {
      this.timers.after(this.reliable ? 0 : t4, () => this.terminate()); // Timer K
    }
    this.onResponse(response);
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timers.clear();
    this.onTerminated?.();
  }
}

/** RFC 3261 17.1.1.3: the ACK for a non-2xx final response belongs to the INVITE's transaction. */
export function buildNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const headers = new SipHeaders();
  headers.add('via', invite.headers.getAll('via')[0] ?? '');
  for (const route of invite.headers.getAll('route')) headers.add('route', route);
  headers.add('max-forwards', '70');
  headers.add('from', invite.headers.get('from') ?? '');
  headers.add('to', response.headers.get('to') ?? invite.headers.get('to') ?? '');
  headers.add('call-id', invite.headers.get('call-id') ?? '');
  headers.add('cseq', `${parseCSeq(invite.headers.get('cseq') ?? '')?.seq ?? 1} ACK`);
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: Buffer.alloc(0) };
}
