/**
 * SDP (RFC 4566) parsed into what offer/answer needs. Lines that are not `x=value` are skipped rather than
 * failing the whole description: carriers' SBCs add odd attributes and the occasional stray byte.
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface RtpMapEntry {
  encoding: string;
  clockRate: number;
  channels?: number;
}

export interface SdpMedia {
  type: string;
  port: number;
  proto: string;
  formats: string[];
  /** Media-level c= address, if any. */
  connection?: string;
  rtpmap: Map<number, RtpMapEntry>;
  fmtp: Map<number, string>;
  direction?: MediaDirection;
  ptime?: number;
}

export interface SessionDescription {
  origin?: { username: string; sessionId: string; version: string; address: string };
  connection?: string;
  direction?: MediaDirection;
  media: SdpMedia[];
}

const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

export function parseSdp(text: string): SessionDescription | undefined {
  const session: SessionDescription = { media: [] };
  let current: SdpMedia | undefined;
  let sawVersion = false;
  for (const rawLine of text.split(/\r?\n|\r/)) {
    const line = rawLine.trim();
    const match = /^([a-z])=(.*)$/.exec(line);
    if (!match?.[1]) continue;
    const type = match[1];
    const value = (match[2] ?? '').trim();
    if (type === 'v') sawVersion = true;
    else if (type === 'o') {
      const [username = '-', sessionId = '0', version = '0', , , address = ''] = value.split(/\s+/);
      session.origin = { username, sessionId, version, address };
    } else if (type === 'c') {
      const address = parseConnection(value);
      if (address === undefined) continue;
      if (current) current.connection = address;
      else session.connection = address;
    } else if (type === 'm') {
      const [mediaType = '', portText = '', proto = '', ...formats] = value.split(/\s+/);
      const port = Number(portText.split('/')[0]);
      if (!mediaType || !Number.isInteger(port) || port < 0 || port > 65535 || !proto) {
        current = undefined; // junk m= line: its attributes are ignored too
        continue;
      }
      current = { type: mediaType.toLowerCase(), port, proto, formats, rtpmap: new Map(), fmtp: new Map() };
      session.media.push(current);
    } else if (type === 'a') {
      parseAttribute(value, session, current);
    }
  }
  return sawVersion || session.media.length > 0 ? session : undefined;
}

function parseConnection(value: string): string | undefined {
  const [net, addrType, address] = value.split(/\s+/);
  if (net !== 'IN' || (addrType !== 'IP4' && addrType !== 'IP6') || !address) return undefined;
  const bare = address.split('/')[0] ?? '';
  if (addrType === 'IP4' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(bare))
    return /^[A-Za-z0-9.-]+$/.test(bare) ? bare : undefined;
  if (addrType === 'IP6' && !/^[0-9a-fA-F:.]+$/.test(bare)) return undefined;
  return bare;
}

function parseAttribute(value: string, session: SessionDescription, media: SdpMedia | undefined): void {
  if (DIRECTIONS.has(value)) {
    if (media) media.direction = value as MediaDirection;
    else session.direction = value as MediaDirection;
    return;
  }
  if (!media) return;
  const rtpmap = /^rtpmap:(\d{1,3})\s+([^/\s]+)\/(\d+)(?:\/(\d+))?/i.exec(value);
  if (rtpmap?.[1] && rtpmap[2] && rtpmap[3]) {
    media.rtpmap.set(Number(rtpmap[1]), {
      encoding: rtpmap[2],
      clockRate: Number(rtpmap[3]),
      channels: rtpmap[4] ? Number(rtpmap[4]) : undefined,
    });
    return;
  }
  const fmtp = /^fmtp:(\d{1,3})\s+(.*)$/i.exec(value);
  if (fmtp?.[1]) {
    media.fmtp.set(Number(fmtp[1]), fmtp[2] ?? '');
    return;
  }
  const ptime = /^ptime:(\d+)/i.exec(value);
  if (ptime?.[1]) media.ptime = Number(ptime[1]);
}
