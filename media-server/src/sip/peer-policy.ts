/**
 * The outbound address policy (app/.server/net/address-policy.ts, ADR 013) as the SIP stack uses it:
 * every destination a project's settings or a far end's messages name (registrar, outbound proxy, the
 * carrier we dial, a Record-Route hop, a transfer target, an RTP address) is resolved here, once per use,
 * and sent to by the IP address this returns, never by name again.
 */
import { isIP } from 'node:net';
import {
  AddressRefusedError,
  bareHostname,
  isAllowedAddress,
  systemResolver,
  vetHost,
  type AddressPolicyOptions,
} from '#server/net/address-policy.ts';
import type { SipPeer } from './sip-message.ts';

export interface PeerPolicy {
  /**
   * Resolves the peer's host now and vets every answer; the peer returned carries the address to send to.
   * `trusted`: set by the operator (environment), resolved and pinned but not vetted (ADR 004).
   * Throws AddressRefusedError.
   */
  pin(peer: SipPeer, options?: { trusted?: boolean }): Promise<SipPeer>;
  /** An IP address we may send to without asking DNS: public, or allow-listed. */
  allowsAddress(address: string): boolean;
  /** An IP address the install lists explicitly (TELEPHONY_ALLOW_HOSTS): trusted for media before it is heard. */
  lists(address: string): boolean;
}

export function createPeerPolicy(options: AddressPolicyOptions = {}): PeerPolicy {
  const listed = new Set((options.allowHosts ?? []).map(bareHostname));
  return {
    async pin(peer, pinOptions = {}) {
      const host = bareHostname(peer.address);
      if (pinOptions.trusted) {
        if (isIP(host)) return { ...peer, address: host };
        const answers = await (options.resolve ?? systemResolver)(host).catch((error: unknown) => {
          const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          throw new AddressRefusedError('dns_failure', host, `cannot resolve ${host}: ${code}`, [], code);
        });
        const first = answers[0];
        if (!first) throw new AddressRefusedError('dns_failure', host, `no address for ${host}`);
        return { ...peer, address: first.address };
      }
      const vetted = await vetHost(host, options);
      return { ...peer, address: vetted.address };
    },
    allowsAddress: (address) => isAllowedAddress(address, options),
    lists: (address) => listed.has(bareHostname(address)),
  };
}

/** What a refusal means for whoever reads the log or the connection's status. */
export function describeRefusal(error: AddressRefusedError): string {
  if (error.reason === 'dns_failure' || error.reason === 'bad_host') return error.message;
  return `${error.message}: private, loopback and link-local hosts are reached only when TELEPHONY_ALLOW_HOSTS lists them`;
}
