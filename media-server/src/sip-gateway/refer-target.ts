/**
 * The Refer-To URI for a transfer target: a SIP/TEL URI as given, an E.164 or plain number sent to the
 * host the call came from (the carrier routes it), or user@host.
 */
import { parseSipUri } from '../sip/sip-uri.ts';

export function referTarget(target: string, remoteTarget: string): string {
  const trimmed = target.trim();
  if (/^(sips?|tel):/i.test(trimmed)) {
    if (!parseSipUri(trimmed)) throw new Error(`not a valid transfer target: ${target}`);
    return trimmed;
  }
  if (/^\+?[0-9*#]{2,32}$/.test(trimmed)) {
    const remote = parseSipUri(remoteTarget);
    if (!remote?.host) throw new Error('cannot tell which host should route the transfer');
    const port = remote.port ? `:${remote.port}` : '';
    return `sip:${trimmed}@${remote.host}${port}`;
  }
  if (/^[^@\s<>]+@[A-Za-z0-9.[\]:-]+$/.test(trimmed)) return `sip:${trimmed}`;
  throw new Error(`not a valid transfer target: ${target}`);
}

/** The status code in a message/sipfrag body such as "SIP/2.0 200 OK" (RFC 3420, RFC 3515 2.4.5). */
export function sipfragStatus(body: string): number | undefined {
  const match = /^\s*SIP\/2\.0\s+(\d{3})/i.exec(body);
  return match?.[1] ? Number(match[1]) : undefined;
}
