import { emptyRtpCounters, type RtpCounters } from '../rtp/rtp-session.ts';

/** Monotonic counters for metrics; the gateway adds the active call count when asked for a snapshot. */
export interface GatewayCounters {
  /** Calls answered with 200 OK. */
  callsSetup: number;
  /** Calls declined by the route (404, 480, 486, 503 from the route) or cancelled by the caller. */
  callsRejected: number;
  /** Calls we could not set up or keep: no common codec, no RTP port, route error, ACK never came. */
  callsFailed: number;
  callsEnded: number;
  malformedMessages: number;
  rtp: RtpCounters;
}

export function emptyGatewayCounters(): GatewayCounters {
  return {
    callsSetup: 0,
    callsRejected: 0,
    callsFailed: 0,
    callsEnded: 0,
    malformedMessages: 0,
    rtp: emptyRtpCounters(),
  };
}
