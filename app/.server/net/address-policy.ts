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
