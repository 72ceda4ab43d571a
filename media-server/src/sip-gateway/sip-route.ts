import { type MediaLeg } from '../call/media-leg.ts';

/** What the gateway knows about an inbound call when it asks where it goes. */
export interface RouteRequest {
  /** The dialled user part (Request-URI user, e.g. "demo" or "+74951234567"). */
  toUser: string;
  toUri: string;
  fromUri: string;
  callId: string;
}

export type RouteRejection = {
  accept: false;
  status: 404 | 480 | 486 | 503;
  reason?: string;
};

export type RouteAcceptance = {
  accept: true;
  /** Receives the answered call's media leg; runs once the 200 OK is on its way. */
  onLeg(leg: MediaLeg): void;
};

export type RouteDecision = RouteRejection | RouteAcceptance;

/** Decides whether and where a call goes; may look things up (database, cache) before answering. */
export type SipRoute = (request: RouteRequest) => RouteDecision | Promise<RouteDecision>;
