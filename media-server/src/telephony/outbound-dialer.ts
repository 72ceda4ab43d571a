import type { MediaLeg } from '../call/media-leg.ts';
import type { DialOptions } from '../sip-gateway/outbound-call.ts';

/** What a test or campaign call asks of the SIP engine; the answered leg is any MediaLeg. */
export type OutboundDialOptions = Omit<DialOptions, 'onLeg'> & { onLeg: (leg: MediaLeg) => void };

/**
 * The SIP engine that places test and campaign calls: the embedded gateway (`SipGateway.dial`), or
 * drachtio-server with FreeSWITCH holding the media (`SIP_ENGINE=drachtio`). Both report the same
 * progress (trying, ringing, answered, ended, failed with the SIP code and end cause), so the call
 * records, leases and campaign outcomes are written once, by the trial-call runner.
 */
export interface OutboundDialer {
  /** Starts the call; the Call-ID is known at once (the row stores it before any progress). */
  dial(options: OutboundDialOptions): { readonly callId: string };
}
