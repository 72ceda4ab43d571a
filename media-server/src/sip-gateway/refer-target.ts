/**
 * The Refer-To URI for a transfer target: a SIP/TEL URI as given, an E.164 or plain number sent to the
 * host the call came from (the carrier routes it), or user@host. The target comes from a flow, possibly
 * rendered from what a caller said, so it is held to a strict grammar (no control characters, quotes,
 * brackets or URI headers: nothing that could leave the Refer-To header or add to the INVITE it causes),
 * and a host it names passes the outbound address policy (ADR 013).
 */
import { isIP } from 'node:net';
import { AddressRefusedError, bareHostname } from '#server/net/address-policy.ts';
import { describeRefusal, type PeerPolicy } from '../sip/peer-policy.ts';
import { hasControlCharacter } from '../sip/sip-serializer.ts';
import { parseSipUri } from '../sip/sip-uri.ts';

// RFC 3261 25.1, narrowed: user part = unreserved / escaped / user-unreserved, without "?" (URI headers).
const USER = "[A-Za-z0-9\\-_.!~*'()&=+$,;/]|%[0-9A-Fa-f]{2}";
const HOST = '[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]';
const PARAM = "[A-Za-z0-9\\-_.!~*'()&+$[\\]/:]+(?:=[A-Za-z0-9\\-_.!~*'()&+$[\\]/:]+)?";
const SIP_URI = new RegExp(`^sips?:(?:(?:${USER})+@)?(?:${HOST})(?::\\d{1,5})?(?:;${PARAM})*$`, 'i');
const TEL_URI = /^tel:\+?[0-9*#().-]{1,32}(?:;[A-Za-z0-9\-_.=+]+)*$/i;

export class TransferTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferTargetError';
  }
}

/** A SIP or TEL URI in the strict grammar above (what a flow may name as a transfer target). */
export function isSafeTargetUri(uri: string): boolean {
  return (
    !hasControlCharacter(uri) && (SIP_URI.test(uri) || TEL_URI.test(uri)) && parseSipUri(uri) !== undefined
  );
}

const invalid = (target: string) =>
  new TransferTargetError(`not a valid transfer target: ${JSON.stringify(target.slice(0, 80))}`);

export function referTarget(target: string, remoteTarget: string): string {
  if (hasControlCharacter(target)) throw invalid(target);
  const trimmed = target.trim();
  if (/^(sips?|tel):/i.test(trimmed)) {
    if (!isSafeTargetUri(trimmed)) throw invalid(target);
    return trimmed;
  }
  if (/^\+?[0-9*#]{2,32}$/.test(trimmed)) {
    const remote = parseSipUri(remoteTarget);
    if (!remote?.host) throw new TransferTargetError('cannot tell which host should route the transfer');
    const port = remote.port ? `:${remote.port}` : '';
    return `sip:${trimmed}@${remote.host}${port}`;
  }
  if (/^[^@\s<>]+@[A-Za-z0-9.[\]:-]+$/.test(trimmed) && SIP_URI.test(`sip:${trimmed}`))
    return `sip:${trimmed}`;
  throw invalid(target);
}

/**
 * Refuses a transfer to a host the address policy would not let us reach ourselves: the far end dials it on
 * our say-so. `known` are the call's own hosts (where its signalling comes from, its remote target), which a
 * number-form target routes through; they need no vetting.
 */
export async function vetTransferTarget(
  uri: string,
  policy: PeerPolicy,
  known: readonly string[],
): Promise<void> {
  const parsed = parseSipUri(uri);
  if (!parsed || parsed.scheme === 'tel' || !parsed.host) return;
  const host = bareHostname(parsed.host);
  if (known.some((k) => bareHostname(k) === host)) return;
  if (isIP(host) && policy.allowsAddress(host)) return;
  try {
    await policy.pin({ transport: 'udp', address: host, port: parsed.port ?? 5060 });
  } catch (error) {
    if (error instanceof AddressRefusedError)
      throw new TransferTargetError(
        `transfer target refused by the outbound address policy: ${describeRefusal(error)}`,
      );
    throw error;
  }
}

/** The status code in a message/sipfrag body such as "SIP/2.0 200 OK" (RFC 3420, RFC 3515 2.4.5). */
export function sipfragStatus(body: string): number | undefined {
  const match = /^\s*SIP\/2\.0\s+(\d{3})/i.exec(body);
  return match?.[1] ? Number(match[1]) : undefined;
}
