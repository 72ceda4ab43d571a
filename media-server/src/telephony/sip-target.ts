import { parseProxy } from '#server/telephony/sip-connection-input.ts';
import type { SipConnectionConfig } from '#server/telephony/connection-config.server.ts';
import type { SipPeer } from '../sip/sip-message.ts';
import { hostPort } from '../sip/sip-uri.ts';

/** The registrar / carrier URI of a connection: sip:host:port[;transport=tcp]. */
export function carrierUri(c: Pick<SipConnectionConfig, 'host' | 'port' | 'transport'>): string {
  return `sip:${hostPort(c.host, c.port)}${c.transport === 'tcp' ? ';transport=tcp' : ''}`;
}

/** Where requests go first: the outbound proxy when set, else the carrier itself. */
export function firstHop(
  c: Pick<SipConnectionConfig, 'host' | 'port' | 'transport' | 'outboundProxy'>,
): SipPeer {
  const proxy = c.outboundProxy ? parseProxy(c.outboundProxy) : null;
  if (proxy)
    return {
      transport: proxy.transport ?? c.transport,
      address: proxy.host.replace(/^\[|\]$/g, ''),
      port: proxy.port ?? 5060,
    };
  return { transport: c.transport, address: c.host.replace(/^\[|\]$/g, ''), port: c.port };
}
