import { type Logger } from '#server/logger.ts';
import { type MediaClock } from '../rtp/media-clock.ts';
import { type RtpPortAllocator } from '../rtp/rtp-port-allocator.ts';
import { type PeerPolicy } from '../sip/peer-policy.ts';
import { type TransactionLayer } from '../sip/transaction-layer.ts';
import { type GatewayCounters } from './gateway-counters.ts';
import { type LegEndReason } from '../call/media-leg.ts';
import { type ServerTransaction } from '../sip/server-transaction.ts';
import { type SipPeer, type SipRequest } from '../sip/sip-message.ts';
import { type SipRoute } from './sip-route.ts';

/** The methods our calls accept, in Allow headers. */
export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, NOTIFY, UPDATE';

/** What every call needs from the gateway, passed in rather than reached for. */
export interface CallContext {
  layer: TransactionLayer;
  /** The outbound address policy (ADR 013): where we may send SIP and RTP for a call. */
  policy: PeerPolicy;
  allocator: RtpPortAllocator;
  clock: MediaClock;
  counters: GatewayCounters;
  logger: Logger;
  /** The address peers reach us at, in Contact and SDP. */
  publicAddress: string;
  sipPort: number;
  mediaTimeoutMs: number;
  route: SipRoute;
  onEnded(call: GatewayCall): void;
}

/** A call the gateway tracks, inbound or outbound: in-dialog requests are handed to it by Call-ID and our tag. */
export interface GatewayCall {
  readonly key: string;
  readonly callId: string;
  onRequest(request: SipRequest, tx: ServerTransaction): void;
  onAck(ack: SipRequest): void;
  whenEnded(): Promise<void>;
  terminate(reason: LegEndReason): Promise<void>;
  /** Inbound only: the same INVITE arriving by another path (RFC 3261 8.2.2.2). */
  matchesMergedRequest?(request: SipRequest, fromTag: string | undefined): boolean;
}

/** Our Contact for a call's dialog, over the transport the far end signals on. */
export function callContact(context: CallContext, peer: SipPeer): string {
  const tcp = peer.transport === 'tcp' ? ';transport=tcp' : '';
  return `<sip:${context.publicAddress}:${context.sipPort}${tcp}>`;
}
