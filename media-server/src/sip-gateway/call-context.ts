import { type Logger } from '../../../app/.server/logger.ts';
import { type MediaClock } from '../rtp/media-clock.ts';
import { type RtpPortAllocator } from '../rtp/rtp-port-allocator.ts';
import { type TransactionLayer } from '../sip/transaction-layer.ts';
import { type GatewayCounters } from './gateway-counters.ts';
import { type InboundCall } from './inbound-call.ts';
import { type SipRoute } from './sip-route.ts';

/** What every call needs from the gateway, passed in rather than reached for. */
export interface CallContext {
  layer: TransactionLayer;
  allocator: RtpPortAllocator;
  clock: MediaClock;
  counters: GatewayCounters;
  logger: Logger;
  /** The address peers reach us at, in Contact and SDP. */
  publicAddress: string;
  sipPort: number;
  mediaTimeoutMs: number;
  route: SipRoute;
  onEnded(call: InboundCall): void;
}
