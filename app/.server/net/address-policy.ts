import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a server-side fetch made on a user's behalf must never reach: the machine itself, the private
 * networks around it, the cloud metadata service, and forms that smuggle one of those inside another
 * (IPv4-mapped / NAT64 / 6to4 IPv6). Anything not public unicast is refused.
 */
// Two lists: Node's BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules, so one shared list
// holding ::ffff:0:0/96 would refuse every IPv4 address.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
const v4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT (also Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, AWS/GCP/Azure metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const v6: Array<[string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0', 96], // IPv4-mapped
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64 well-known prefix: reaches IPv4 through a translator
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['2001::', 32], // Teredo: embeds an IPv4 address
  ['fc00::', 7], // unique local (incl. AWS fd00:ec2::254 metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];
for (const [net, prefix] of v4) blockedV4.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of v6) blockedV6.addSubnet(net, prefix, 'ipv6');

/** Hostnames that name a metadata service without going through public DNS. */
const metadataHostnames = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blockedV4.check(address, 'ipv4');
  if (family === 6) return blockedV6.check(address.split('%')[0] ?? address, 'ipv6');
  // Not an IP at all: refuse rather than guess.
  return true;
}

export function isMetadataHostname(hostname: string): boolean {
  return metadataHostnames.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/**
 * The one outbound address policy (ADR 013). Every address the platform reaches on a project's behalf (HTTP
 * tools, knowledge URLs, webhooks through guardedFetch; SIP registration, calls, outbound proxies, transfer
 * targets and RTP in the media server; the connection check) is vetted here: the host is resolved once,
 * every answer must be public unless the host (or the address) is allow-listed, and the caller connects to
 * the address returned, never to the name again, so a second DNS answer cannot swap in a private one.
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface AddressPolicyOptions {
  /**
   * Hosts that may be reached although they are not public: host names (matched as written) and IP
   * literals (which also allow that address when a name resolves to it). TELEPHONY_ALLOW_HOSTS for SIP and
   * RTP, a project's allowed hosts for its tools.
   */
  allowHosts?: readonly string[];
  /** DNS override for tests; defaults to the system resolver, all addresses. */
  resolve?: Resolver;
}

export type AddressRefusal = 'private_address' | 'metadata_host' | 'dns_failure' | 'bad_host';

export class AddressRefusedError extends Error {
  constructor(
    readonly reason: AddressRefusal,
    readonly host: string,
    detail: string,
    /** What DNS answered, when it did. */
    readonly addresses: readonly string[] = [],
    /** The resolver's error code (ENOTFOUND, EAI_AGAIN) on a DNS failure. */
    readonly code?: string,
  ) {
    super(detail);
    this.name = 'AddressRefusedError';
  }
}

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Lower case, no IPv6 brackets, no trailing dot: the form allow-lists and literals are compared in. */
export function bareHostname(host: string): string {
  return host
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

function allowList(options: AddressPolicyOptions): Set<string> {
  return new Set((options.allowHosts ?? []).map(bareHostname).filter(Boolean));
}

/** Whether the platform may send to this IP address without asking DNS: public, or allow-listed. */
export function isAllowedAddress(address: string, options: AddressPolicyOptions = {}): boolean {
  const bare = bareHostname(address);
  return allowList(options).has(bare) || !isForbiddenAddress(bare);
}

/**
 * Resolves `host` now and vets every answer; returns the address to connect to (the first answer). Throws
 * AddressRefusedError when the host is unusable or any answer is not public (an attacker controls which
 * record a client would pick, so one private answer taints the host).
 */
export async function vetHost(host: string, options: AddressPolicyOptions = {}): Promise<ResolvedAddress> {
  const hostname = bareHostname(host);
  if (!hostname || /[\s/\\@]/.test(hostname) || /\p{Cc}/u.test(hostname))
    throw new AddressRefusedError('bad_host', hostname, `not a host name: ${JSON.stringify(host)}`);
  const allowed = allowList(options);
  const named = allowed.has(hostname);
  if (!named && isMetadataHostname(hostname))
    throw new AddressRefusedError('metadata_host', hostname, `${hostname} is a cloud metadata host`);
  let addresses: ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal !== 0) addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(hostname);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new AddressRefusedError('dns_failure', hostname, `cannot resolve ${hostname}: ${code}`, [], code);
    }
  }
  const first = addresses[0];
  if (!first) throw new AddressRefusedError('dns_failure', hostname, `no address for ${hostname}`);
  if (!named) {
    const bad = addresses.find((a) => !allowed.has(bareHostname(a.address)) && isForbiddenAddress(a.address));
    if (bad)
      throw new AddressRefusedError(
        'private_address',
        hostname,
        `${hostname} resolves to non-public ${bad.address}`,
        addresses.map((a) => a.address),
      );
  }
  return first;
}
