/**
 * A small carrier on loopback for tests: a digest-checking registrar (RFC 3261 10.3 with RFC 2617 digest)
 * that answers OPTIONS, and a UAS that challenges INVITEs with 407, then rings, answers with G.711 and
 * counts the RTP it receives (the agent's greeting), hanging up after a while. Built on the stack's own
 * transport, so it speaks exactly SIP over UDP/TCP.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { createLogger } from '#server/logger.ts';
import { buildResponse } from '../../sip/build-response.ts';
import { digestResponse, parseDigestChallenge } from '../../sip/digest-auth.ts';
import { parseNameAddr, splitOutsideQuotes, unquote } from '../../sip/header-values.ts';
import { SipHeaders } from '../../sip/sip-headers.ts';
import type { SipRequest } from '../../sip/sip-message.ts';
import { parseSipUri } from '../../sip/sip-uri.ts';
import { createSipTransport, responseTarget, type SipTransport } from '../../sip/sip-transport.ts';

export type CarrierMode = 'normal' | 'silent' | 'overloaded';

export interface FakeCarrier {
  readonly port: number;
  mode: CarrierMode;
  /** username → password */
  users: Map<string, string>;
  registers: Array<{ username: string; expires: number; hasContact: boolean; authorized: boolean }>;
  invites: Array<{ to: string; from: string; authorized: boolean }>;
  /** RTP packets received on answered calls. */
  rtpPackets(): number;
  byesReceived: number;
  close(): Promise<void>;
}

function authFields(header: string | undefined): Map<string, string> {
  return new Map(
    splitOutsideQuotes((header ?? '').replace(/^Digest\s+/i, ''), ',').map((part) => {
      const eq = part.indexOf('=');
      return [part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim())] as const;
    }),
  );
}

export async function startFakeCarrier(options: {
  users: Record<string, string>;
  /** Answered calls are hung up by the carrier after this long. */
  holdMs?: number;
  /** Challenge INVITEs with 407 (a carrier that authenticates calls too). */
  challengeInvites?: boolean;
  /** Ringing lasts this long before the 200; default 100 ms. */
  answerDelayMs?: number;
  /** The loopback address it listens on (SIP and RTP); default 127.0.0.1. */
  host?: string;
}): Promise<FakeCarrier> {
  const host = options.host ?? '127.0.0.1';
  const realm = 'carrier.test';
  const nonces = new Set<string>();
  let packets = 0;
  const rtp = dgram.createSocket('udp4');
  rtp.on('message', () => {
    packets += 1;
  });
  await new Promise<void>((resolve) => rtp.bind(0, host, resolve));
  const rtpPort = rtp.address().port;
  const timers = new Set<NodeJS.Timeout>();

  const challenge = () => {
    const nonce = randomBytes(8).toString('hex');
    nonces.add(nonce);
    return `Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=MD5`;
  };
  /** undefined: no credentials; 'ok'; 'bad_password'; 'unknown_user' */
  const verify = (request: SipRequest, header: 'authorization' | 'proxy-authorization') => {
    const value = request.headers.get(header);
    if (!value) return undefined;
    const fields = authFields(value);
    const nonce = fields.get('nonce') ?? '';
    const password = carrier.users.get(fields.get('username') ?? '');
    if (password === undefined) return 'unknown_user';
    if (!nonces.has(nonce)) return 'bad_password';
    const expected = digestResponse({
      challenge: parseDigestChallenge(`Digest realm="${realm}", nonce="${nonce}", qop="auth"`)!,
      method: request.method,
      uri: fields.get('uri') ?? '',
      username: fields.get('username') ?? '',
      password,
      nc: parseInt(fields.get('nc') ?? '0', 16),
      cnonce: fields.get('cnonce') ?? '',
    }).response;
    return fields.get('response') === expected ? 'ok' : 'bad_password';
  };

  const transport: SipTransport = await createSipTransport({
    host,
    port: 0,
    logger: createLogger('fake-carrier', 'silent'),
    onMessage: (message, peer) => {
      if (message.kind !== 'request' || carrier.mode === 'silent') return;
      const target = responseTarget(message.headers, peer);
      const reply = (status: number, headers: Array<[string, string]> = [], body?: Buffer) =>
        transport.send(buildResponse(message, status, { toTag: 'carrier', headers, body }), target);
      if (carrier.mode === 'overloaded' && message.method !== 'ACK') {
        reply(503, [['retry-after', '60']]);
        return;
      }
      switch (message.method) {
        case 'OPTIONS':
          reply(200, [['allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER']]);
          return;
        case 'REGISTER': {
          const result = verify(message, 'authorization');
          const username = parseSipUri(parseNameAddr(message.headers.get('to') ?? '')?.uri ?? '')?.user ?? '';
          const contact = message.headers.get('contact');
          carrier.registers.push({
            username,
            expires: Number(message.headers.get('expires') ?? 3600),
            hasContact: contact !== undefined,
            authorized: result === 'ok',
          });
          if (result === undefined || result === 'bad_password')
            reply(401, [['www-authenticate', challenge()]]);
          else if (result === 'unknown_user') reply(403);
          else
            reply(
              200,
              contact ? [['contact', `${contact};expires=${message.headers.get('expires') ?? 3600}`]] : [],
            );
          return;
        }
        case 'INVITE': {
          const result = options.challengeInvites ? verify(message, 'proxy-authorization') : 'ok';
          carrier.invites.push({
            to: message.uri,
            from: parseNameAddr(message.headers.get('from') ?? '')?.uri ?? '',
            authorized: result === 'ok',
          });
          if (result === undefined || result === 'bad_password') {
            reply(407, [['proxy-authenticate', challenge()]]);
            return;
          }
          if (result === 'unknown_user') {
            reply(403);
            return;
          }
          transport.send(buildResponse(message, 100), target);
          reply(180);
          const sdp = [
            'v=0',
            `o=carrier 1 1 IN IP4 ${host}`,
            's=-',
            `c=IN IP4 ${host}`,
            't=0 0',
            `m=audio ${rtpPort} RTP/AVP 8 0 101`,
            'a=rtpmap:8 PCMA/8000',
            'a=rtpmap:0 PCMU/8000',
            'a=rtpmap:101 telephone-event/8000',
            'a=sendrecv',
            '',
          ].join('\r\n');
          const answer = setTimeout(() => {
            reply(200, [['contact', `<sip:carrier@${host}:${transport.port}>`]], Buffer.from(sdp));
            const hangup = setTimeout(() => sendBye(message, target), options.holdMs ?? 3000);
            timers.add(hangup);
          }, options.answerDelayMs ?? 100);
          timers.add(answer);
          return;
        }
        case 'BYE':
          carrier.byesReceived += 1;
          reply(200);
          return;
        case 'ACK':
          return;
        default:
          reply(405);
      }
    },
  });

  /** BYE from the carrier's side: From = the INVITE's To with our tag. */
  const sendBye = (
    invite: SipRequest,
    target: { transport: 'udp' | 'tcp'; address: string; port: number },
  ) => {
    const headers = new SipHeaders();
    headers.add(
      'via',
      `SIP/2.0/${target.transport.toUpperCase()} ${host}:${transport.port};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
    );
    headers.add('max-forwards', '70');
    headers.add('from', `${invite.headers.get('to') ?? ''};tag=carrier`);
    headers.add('to', invite.headers.get('from') ?? '');
    headers.add('call-id', invite.headers.get('call-id') ?? '');
    headers.add('cseq', '1 BYE');
    const contact = parseNameAddr(invite.headers.get('contact') ?? '')?.uri ?? invite.uri;
    transport.send({ kind: 'request', method: 'BYE', uri: contact, headers, body: Buffer.alloc(0) }, target);
  };

  const carrier: FakeCarrier = {
    port: transport.port,
    mode: 'normal',
    users: new Map(Object.entries(options.users)),
    registers: [],
    invites: [],
    byesReceived: 0,
    rtpPackets: () => packets,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      rtp.close();
      await transport.close();
    },
  };
  return carrier;
}
