/** A bare UDP socket for sending hand-written (and broken) SIP to the gateway and reading what comes back. */
import dgram from 'node:dgram';
import { SipHeaders } from '../../sip/sip-headers.ts';
import { type SipRequest, type SipResponse } from '../../sip/sip-message.ts';
import { buildResponse, type ResponseOptions } from '../../sip/build-response.ts';
import { serializeSipMessage } from '../../sip/sip-serializer.ts';
import { parseSipMessage } from '../../sip/sip-parser.ts';

export interface RawSipClient {
  readonly port: number;
  send(data: string | Buffer): void;
  /** The next response for a Call-ID, skipping provisional ones unless asked for. */
  response(
    callId: string,
    options?: { provisional?: boolean; timeoutMs?: number; cseq?: string },
  ): Promise<SipResponse>;
  /** The next request the gateway sent us (BYE, REFER, ...). */
  request(method: string, timeoutMs?: number): Promise<SipRequest>;
  /** Answers a request the gateway sent (with a To tag, Reason or other headers when given). */
  reply(request: SipRequest, status: number, options?: ResponseOptions): void;
  /** Responses seen so far for a Call-ID (for counting retransmissions). */
  seen(callId: string, status: number): number;
  close(): Promise<void>;
}

export async function createRawSipClient(gatewayPort: number): Promise<RawSipClient> {
  const socket = dgram.createSocket('udp4');
  const port = await new Promise<number>((resolve) =>
    socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)),
  );
  const received: SipResponse[] = [];
  const requests: SipRequest[] = [];
  const counts = new Map<string, number>();
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    const parsed = parseSipMessage(data);
    if (parsed.ok) {
      const message = parsed.message;
      if (message.kind === 'request') requests.push(message);
      else {
        const key = `${message.headers.get('call-id')}|${message.status}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        received.push(message);
      }
    } else {
      // A 400 echoes the broken CSeq it was sent, which our own strict parser refuses: read it loosely.
      const text = data.toString('utf8');
      const status = /^SIP\/2\.0 (\d{3}) ?(.*)/.exec(text);
      if (status?.[1]) {
        const headers = new SipHeaders();
        for (const line of text.split('\r\n').slice(1)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers.add(line.slice(0, colon), line.slice(colon + 1));
        }
        received.push({
          kind: 'response',
          status: Number(status[1]),
          reason: status[2] ?? '',
          headers,
          body: Buffer.alloc(0),
        });
      }
    }
    for (const wake of waiters) wake();
  });
  /** Takes the first message in `list` that `matches`, now or when it arrives. */
  const waitFor = <T>(list: T[], matches: (item: T) => boolean, timeoutMs: number, failure: string) =>
    new Promise<T>((resolve, reject) => {
      const take = () => {
        const index = list.findIndex(matches);
        if (index < 0) return false;
        resolve(list.splice(index, 1)[0]!);
        return true;
      };
      if (take()) return;
      const wake = () => {
        if (take()) done();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(failure));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      waiters.add(wake);
    });
  return {
    port,
    send: (data) =>
      socket.send(typeof data === 'string' ? Buffer.from(data) : data, gatewayPort, '127.0.0.1'),
    response: (callId, options = {}) =>
      waitFor(
        received,
        (r) =>
          r.headers.get('call-id') === callId &&
          (options.provisional || r.status >= 200) &&
          (options.cseq === undefined || r.headers.get('cseq') === options.cseq),
        options.timeoutMs ?? 3000,
        `no response for ${callId}`,
      ),
    request: (method, timeoutMs = 5000) =>
      waitFor(requests, (r) => r.method === method, timeoutMs, `no ${method} request`),
    reply: (request, status, options) => {
      socket.send(serializeSipMessage(buildResponse(request, status, options)), gatewayPort, '127.0.0.1');
    },
    seen: (callId, status) => counts.get(`${callId}|${status}`) ?? 0,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** An INVITE as text, with overridable lines; `\n` becomes CRLF. */
export function inviteText(options: {
  clientPort: number;
  gatewayPort: number;
  callId: string;
  user?: string;
  sdp?: string;
  extraHeaders?: string[];
  replace?: Record<string, string>;
}): string {
  const sdp = options.sdp ?? '';
  let headers = [
    `INVITE sip:${options.user ?? 'agent'}@127.0.0.1:${options.gatewayPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${options.clientPort};branch=z9hG4bK${options.callId};rport`,
    'Max-Forwards: 70',
    `From: <sip:tester@127.0.0.1:${options.clientPort}>;tag=t${options.callId}`,
    `To: <sip:${options.user ?? 'agent'}@127.0.0.1:${options.gatewayPort}>`,
    `Call-ID: ${options.callId}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:tester@127.0.0.1:${options.clientPort}>`,
    ...(sdp ? ['Content-Type: application/sdp'] : []),
    ...(options.extraHeaders ?? []),
    `Content-Length: ${Buffer.byteLength(sdp)}`,
  ];
  for (const [prefix, line] of Object.entries(options.replace ?? {}))
    headers = headers.map((h) => (h.startsWith(prefix) ? line : h));
  return `${headers.filter(Boolean).join('\r\n')}\r\n\r\n${sdp}`;
}

export function pcmuOffer(rtpPort: number, formats = '0 101'): string {
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${rtpPort} RTP/AVP ${formats}`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    '',
  ].join('\r\n');
}

/** An in-dialog request from the test client, as text. */
export function inDialogText(options: {
  method: string;
  clientPort: number;
  gatewayPort: number;
  callId: string;
  toTag: string;
  /** The peer's own tag; `t<callId>` (as inviteText writes it) unless the peer answered our INVITE. */
  fromTag?: string;
  cseq: number;
  body?: string;
  contentType?: string;
  extraHeaders?: string[];
}): string {
  const body = options.body ?? '';
  const lines = [
    `${options.method} sip:agent@127.0.0.1:${options.gatewayPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${options.clientPort};branch=z9hG4bK${options.method}${options.cseq}${options.callId};rport`,
    'Max-Forwards: 70',
    `From: <sip:tester@127.0.0.1:${options.clientPort}>;tag=${options.fromTag ?? `t${options.callId}`}`,
    `To: <sip:agent@127.0.0.1:${options.gatewayPort}>;tag=${options.toTag}`,
    `Call-ID: ${options.callId}`,
    `CSeq: ${options.cseq} ${options.method}`,
    `Contact: <sip:tester@127.0.0.1:${options.clientPort}>`,
    ...(body ? [`Content-Type: ${options.contentType ?? 'application/sdp'}`] : []),
    ...(options.extraHeaders ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
