import type { IncomingMessage } from 'node:http';
import type { CallEvent } from '#flow-runtime/index';
import { fromLoopback, isLoopbackHost, presentsToken } from '#server/http/peer-access.ts';

// Shared with /metrics of every process; re-exported for the turn API's callers.
export { isLoopbackHost, presentsToken };

/**
 * What a request may do: `token` when it presents TURN_SERVICE_TOKEN, `loopback` when no token is set and
 * it comes from this machine (the server then listens on loopback only, see `exposureProblem`), `none`.
 */
export type TurnAccess = 'token' | 'loopback' | 'none';

export function turnAccess(req: IncomingMessage, token: string | undefined): TurnAccess {
  if (token) return presentsToken(req, token) ? 'token' : 'none';
  return fromLoopback(req) ? 'loopback' : 'none';
}

/**
 * External media servers authenticate with `Authorization: Bearer <TURN_SERVICE_TOKEN>`. With no token
 * configured the service serves loopback only (a media server on the same machine), never the network.
 */
export function turnRequestAllowed(req: IncomingMessage, token: string | undefined): boolean {
  return turnAccess(req, token) !== 'none';
}

/**
 * Events that act on the call itself rather than answer its caller: ending it, and an operator taking it
 * over. Anything on this machine could send them without a token (a reverse proxy makes every request
 * local), so they always need TURN_SERVICE_TOKEN.
 */
export function isCallControl(event: Pick<CallEvent, 'type'>): boolean {
  return event.type === 'call_ended' || event.type === 'operator_joined';
}

export const TOKEN_REQUIRED_MESSAGE =
  'Ending a call or handing it to an operator needs TURN_SERVICE_TOKEN: set it on the media server and send Authorization: Bearer <token>.';

/**
 * Why the media server must not start as configured, or null: listening beyond loopback without a token
 * would let the network use the turn API (which trusts loopback without one).
 */
export function exposureProblem(host: string, token: string | undefined): string | null {
  if (token || isLoopbackHost(host)) return null;
  return (
    `MEDIA_HTTP_HOST=${host} makes the turn API reachable beyond this machine, and TURN_SERVICE_TOKEN is not ` +
    'set. Set TURN_SERVICE_TOKEN (16 characters or more), or listen on 127.0.0.1. Refusing to start.'
  );
}
