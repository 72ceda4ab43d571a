/**
 * RFC 3261 17.2 server transactions, with the RFC 6026 "Accepted" state for INVITE: after a 2xx the
 * transaction absorbs INVITE retransmissions for 64*T1 while the UAS core retransmits the 2xx itself.
 *
 * INVITE:     proceeding -> completed (3xx-6xx; Timer G retransmits, Timer H gives up on the ACK)
 *                        -> confirmed (ACK; Timer I) -> terminated
 *             proceeding -> accepted (2xx; Timer L) -> terminated
 * non-INVITE: trying -> proceeding (1xx) -> completed (final; Timer J) -> terminated
 */
import { buildResponse, type ResponseOptions } from './build-response.ts';
import { type SipPeer, type SipRequest, type SipResponse } from './sip-message.ts';
import { TimerGroup, type TimerConfig } from './transaction-timers.ts';

export type ServerTransactionState =
  'trying' | 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

export interface TransactionContext {
  send(response: SipResponse, peer: SipPeer): void;
  timers: TimerConfig;
}

export class ServerTransaction {
  state: ServerTransactionState;
  readonly isInvite: boolean;
  private lastResponse: SipResponse | undefined;
  private readonly timers = new TimerGroup();
  /** Called once when the transaction ends (the layer forgets it). */
  onTerminated: (() => void) | undefined;
  /** INVITE only: Timer H fired, the ACK for our error response never came. */
  onAckTimeout: (() => void) | undefined;
  /** INVITE only: a CANCEL matched while no final response was sent. Unset = the layer answers 487. */
  onCancel: ((cancel: SipRequest) => void) | undefined;

  constructor(
    readonly request: SipRequest,
    /** Where responses go (already resolved from Via received/rport). */
    readonly peer: SipPeer,
    private readonly context: TransactionContext,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.state = this.isInvite ? 'proceeding' : 'trying';
  }

  get reliable(): boolean {
    return this.peer.transport !== 'udp';
  }

  get finalSent(): boolean {
    return this.state !== 'trying' && this.state !== 'proceeding';
  }

  /** Builds a response to the request and sends it. */
  respond(status: number, options?: ResponseOptions): SipResponse {
    const response = buildResponse(this.request, status, options);
    this.send(response);
    return response;
  }

  send(response: SipResponse): void {
    if (this.finalSent) return; // a second final response is a TU bug; the first one stands
    this.lastResponse = response;
    this.context.send(response, this.peer);
    const { t1, t2 } = this.context.timers;
    if (response.status < 200) {
      if (this.state === 'trying') this.state = 'proceeding';
      return;
    }
    if (this.isInvite && response.status < 300) {
      this.state = 'accepted';
      this.timers.after(64 * t1, () => this.terminate()); // Timer L
      return;
    }
    this.state = 'completed';
    if (!this.isInvite) {
      this.timers.after(this.reliable ? 0 : 64 * t1, () => this.terminate()); // Timer J
      return;
    }
    if (!this.reliable) {
      let interval = t1;
      const retransmit = () => {
        if (this.state !== 'completed' || !this.lastResponse) return;
        this.context.send(this.lastResponse, this.peer);
        interval = Math.min(interval * 2, t2);
        this.timers.after(interval, retransmit); // Timer G
      };
      this.timers.after(interval, retransmit);
    }
    this.timers.after(64 * t1, () => {
      // Timer H
      if (this.state !== 'completed') return;
      this.onAckTimeout?.();
      this.terminate();
    });
  }

  /** The same request arrived again (a retransmission). */
  receiveRetransmission(): void {
    if (!this.lastResponse) return;
    // RFC 6026: in Accepted the UAS core's 2xx retransmissions already cover a lost 2xx.
    if (this.state === 'proceeding' || this.state === 'completed')
      this.context.send(this.lastResponse, this.peer);
  }

  /** An ACK for our non-2xx final response. Returns true when the transaction absorbed it. */
  receiveAck(): boolean {
    if (this.state === 'completed') {
      this.state = 'confirmed';
      this.timers.clear();
      this.timers.after(this.reliable ? 0 : this.context.timers.t4, () => this.terminate()); // Timer I
      return true;
    }
    return this.state === 'confirmed';
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timers.clear();
    this.onTerminated?.();
  }
}
