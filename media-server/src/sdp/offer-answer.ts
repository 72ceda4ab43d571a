/**
 * RFC 3264 offer/answer for one audio stream: G.711 (PCMU, PCMA) plus telephone-event. The answer keeps
 * one m= line per offered line (rejected ones get port 0) and mirrors the offer's direction.
 */
import { type MediaDirection, type SdpMedia, type SessionDescription } from './session-description.ts';

export type G711Codec = 'PCMU' | 'PCMA';

export interface NegotiatedAudio {
  codec: G711Codec;
  payloadType: number;
  /** RFC 4733 payload type when the offer carried telephone-event/8000. */
  dtmfPayloadType?: number;
  remoteAddress: string;
  remotePort: number;
  /** Our direction in the answer. */
  direction: MediaDirection;
  /** Index of the audio m= line in the offer. */
  mediaIndex: number;
}

export type NegotiationResult =
  { ok: true; audio: NegotiatedAudio } | { ok: false; status: 488; reason: string };

const STATIC_CODECS: Readonly<Record<number, G711Codec>> = { 0: 'PCMU', 8: 'PCMA' };

export function negotiateAudio(
  offer: SessionDescription,
  preferred: readonly G711Codec[] = ['PCMU', 'PCMA'],
): NegotiationResult {
  for (const [index, media] of offer.media.entries()) {
    if (media.type !== 'audio' || media.port === 0) continue;
    // Plain RTP only: SRTP (RTP/SAVP) or DTLS profiles would need keys we do not handle.
    if (!/^RTP\/AVPF?$/i.test(media.proto)) continue;
    const codec = pickCodec(media, preferred);
    if (!codec) continue;
    const remoteAddress = media.connection ?? offer.connection;
    if (!remoteAddress) continue;
    return {
      ok: true,
      audio: {
        codec: codec.codec,
        payloadType: codec.payloadType,
        dtmfPayloadType: telephoneEventType(media),
        remoteAddress,
        remotePort: media.port,
        direction: answerDirection(media.direction ?? offer.direction ?? 'sendrecv', remoteAddress),
        mediaIndex: index,
      },
    };
  }
  return { ok: false, status: 488, reason: 'no common audio codec (PCMU or PCMA over RTP/AVP)' };
}

function pickCodec(
  media: SdpMedia,
  preferred: readonly G711Codec[],
): { codec: G711Codec; payloadType: number } | undefined {
  // The offerer lists formats in its order of preference; take the first one we also support.
  for (const format of media.formats) {
    const pt = Number(format);
    if (!Number.isInteger(pt) || pt < 0 || pt > 127) continue;
    const mapped = media.rtpmap.get(pt);
    const name = mapped
      ? mapped.clockRate === 8000 && (mapped.channels ?? 1) === 1
        ? mapped.encoding.toUpperCase()
        : undefined
      : STATIC_CODECS[pt];
    if (name === 'PCMU' || name === 'PCMA')
      if (preferred.includes(name)) return { codec: name, payloadType: pt };
  }
  return undefined;
}

function telephoneEventType(media: SdpMedia): number | undefined {
  for (const [pt, entry] of media.rtpmap)
    if (
      entry.encoding.toLowerCase() === 'telephone-event' &&
      entry.clockRate === 8000 &&
      media.formats.includes(String(pt))
    )
      return pt;
  return undefined;
}

function answerDirection(offered: MediaDirection, address: string): MediaDirection {
  // c=0.0.0.0 is the RFC 2543 way of putting a call on hold.
  if (address === '0.0.0.0')
    return offered === 'inactive' || offered === 'recvonly' ? 'inactive' : 'recvonly';
  if (offered === 'sendonly') return 'recvonly';
  if (offered === 'recvonly') return 'sendonly';
  return offered;
}

/** Whether we may send media in this direction, and whether we expect to receive any. */
export function directionFlags(direction: MediaDirection): { send: boolean; receive: boolean } {
  return {
    send: direction === 'sendrecv' || direction === 'sendonly',
    receive: direction === 'sendrecv' || direction === 'recvonly',
  };
}

export interface LocalMedia {
  address: string;
  port: number;
  sessionId: string;
  /** o= version: bump it whenever the description changes (RFC 3264 8). */
  version: number;
}

export function buildAnswer(offer: SessionDescription, audio: NegotiatedAudio, local: LocalMedia): string {
  const lines = sessionLines(local);
  for (const [index, media] of offer.media.entries()) {
    if (index !== audio.mediaIndex) {
      lines.push(`m=${media.type} 0 ${media.proto} ${media.formats[0] ?? '0'}`);
      continue;
    }
    lines.push(
      ...audioLines(local.port, audio.codec, audio.payloadType, audio.dtmfPayloadType, audio.direction),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Our offer: for an INVITE that came without SDP (the answer then arrives in the ACK), and for calls we
 * place. `codecs` is our order of preference.
 */
export function buildOffer(local: LocalMedia, codecs: readonly G711Codec[] = ['PCMU', 'PCMA']): string {
  const lines = sessionLines(local);
  const types = codecs.map((codec) => (codec === 'PCMU' ? 0 : 8));
  lines.push(`m=audio ${local.port} RTP/AVP ${types.join(' ')} 101`);
  for (const codec of codecs) lines.push(codec === 'PCMU' ? 'a=rtpmap:0 PCMU/8000' : 'a=rtpmap:8 PCMA/8000');
  lines.push('a=rtpmap:101 telephone-event/8000');
  lines.push('a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv');
  return `${lines.join('\r\n')}\r\n`;
}

function sessionLines(local: LocalMedia): string[] {
  const ipVersion = local.address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=- ${local.sessionId} ${local.version} IN ${ipVersion} ${local.address}`,
    's=-',
    `c=IN ${ipVersion} ${local.address}`,
    't=0 0',
  ];
}

function audioLines(
  port: number,
  codec: G711Codec,
  payloadType: number,
  dtmfPayloadType: number | undefined,
  direction: MediaDirection,
): string[] {
  const formats = dtmfPayloadType === undefined ? `${payloadType}` : `${payloadType} ${dtmfPayloadType}`;
  const lines = [`m=audio ${port} RTP/AVP ${formats}`, `a=rtpmap:${payloadType} ${codec}/8000`];
  if (dtmfPayloadType !== undefined)
    lines.push(`a=rtpmap:${dtmfPayloadType} telephone-event/8000`, `a=fmtp:${dtmfPayloadType} 0-16`);
  lines.push('a=ptime:20', `a=${direction}`);
  return lines;
}
