import type { ClientInfo } from './refresh-tokens.server.ts';

/**
 * The client's address. Express (with `trust proxy` set to loopback) has already resolved it; Remix sees
 * the original request, so the web process passes it on in this internal header, which it strips from
 * incoming requests.
 */
export const CLIENT_IP_HEADER = 'x-vp-client-ip';

export function clientInfo(request: Request): Required<ClientInfo> {
  return {
    ip: request.headers.get(CLIENT_IP_HEADER) ?? 'unknown',
    userAgent: request.headers.get('user-agent') ?? '',
  };
}
