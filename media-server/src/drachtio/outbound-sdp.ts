/** The SDP a call we place on the drachtio path sends: to FreeSWITCH while ringing, and to the carrier. */
import type { G711Codec } from '../sdp/offer-answer.ts';

/**
 * Our answer to FreeSWITCH's offer while the carrier rings: the same media, held (RFC 3264 §8.4), so
 * FreeSWITCH sends nothing anywhere until the carrier's SDP arrives in the re-INVITE.
 */
export function heldAnswer(offer: string): string {
  const lines = offer
    .split(/\r?\n/)
    .filter((line) => line.length > 0 && !/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line))
    .map((line) => line.replace(/^c=IN IP4 .*$/, 'c=IN IP4 0.0.0.0'));
  return `${lines.join('\r\n')}\r\na=inactive\r\n`;
}

const STATIC_PAYLOADS: Readonly<Record<G711Codec, string>> = { PCMU: '0', PCMA: '8' };

/**
 * FreeSWITCH's offer narrowed to the connection's codecs, in its order (and telephone-event), as the
 * embedded gateway offers them; an offer with none of them is left whole for the carrier to judge.
 */
export function offerOnly(sdp: string, codecs: readonly G711Codec[]): string {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  const media = lines.findIndex((line) => line.startsWith('m=audio '));
  const mLine = lines[media];
  if (!mLine) return sdp;
  const [m, port, proto, ...offered] = mLine.split(' ');
  const events = offered.filter((pt) =>
    lines.some((line) => new RegExp(`^a=rtpmap:${pt} telephone-event/`, 'i').test(line)),
  );
  const wanted = codecs.map((codec) => STATIC_PAYLOADS[codec]).filter((pt) => offered.includes(pt));
  if (wanted.length === 0) return sdp;
  const keep = new Set([...wanted, ...events]);
  const dropped = offered.filter((pt) => !keep.has(pt));
  const out = lines
    .filter((line) => !dropped.some((pt) => new RegExp(`^a=(rtpmap|fmtp):${pt}( |$)`).test(line)))
    .map((line) => (line === mLine ? [m, port, proto, ...wanted, ...events].join(' ') : line));
  return `${out.join('\r\n')}\r\n`;
}
