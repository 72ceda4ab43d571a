/**
 * UDP and TCP on one port. Inbound requests get `received`/`rport` stamped on their top Via (RFC 3261
 * 18.2.1, RFC 3581) so responses find their way back through NAT; messages that cannot be parsed are
 * answered 400 when they are readable requests and dropped otherwise.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { type Logger } from '#server/logger.ts';
import { buildResponse } from './build-response.ts';
import { formatVia, parseVia } from './header-values.ts';
import { type SipHeaders } from './sip-headers.ts';
import { type SipMessage, type SipPeer } from './sip-message.ts';
import { parseSipMessage } from './sip-parser.ts';
import { serializeSipMessage, UnsafeSipMessageError } from './sip-serializer.ts';
import { bareHost } from './sip-uri.ts';
import { StreamFramer } from './stream-framer.ts';

export interface SipTransportOptions {
  host: string;
  /** 0 picks a free port (the same number for UDP and TCP). */
  port: number;
  logger: Logger;
  onMessage: (message: SipMessage, peer: SipPeer) => void;
  onMalformed?: (reason: string, peer: SipPeer) => void;
  /** Idle TCP connections are closed after this long. */
  tcpIdleMs?: number;
}

export interface SipTransport {
  readonly host: string;
  readonly port: number;
  send(message: SipMessage, peer: SipPeer): void;
  close(): Promise<void>;
}

export async function createSipTransport(options: SipTransportOptions): Promise<SipTransport> {
  const { logger } = options;
  const connections = new Map<string, net.Socket>();
  const family = options.host.includes(':') ? 'udp6' : 'udp4';

  const deliver = (data: Buffer, peer: SipPeer, stream: boolean) => {
    const parsed = parseSipMessage(data, stream);
    if (!parsed.ok) {
      options.onMalformed?.(parsed.reason, peer);
      logger.debug({ peer, reason: parsed.reason }, 'malformed SIP message');
      if (parsed.answerable && parsed.answerable.method !== 'ACK') {
        stampVia(parsed.answerable.headers, peer);
        // The reason may quote the broken line, control characters and all: never echo those.
        const reason = parsed.reason.replace(/"/g, "'").replace(/\p{Cc}/gu, '?');
        const response = buildResponse(parsed.answerable, 400, {
          headers: [['warning', `399 - "${reason}"`]],
        });
        send(response, responseTarget(parsed.answerable.headers, peer));
      }
      return;
    }
    const message = parsed.message;
    if (message.kind === 'request') stampVia(message.headers, peer);
    try {
      options.onMessage(message, peer);
    } catch (error) {
      logger.error(
        { err: error, peer, callId: message.headers.get('call-id') },
        'SIP message handler failed',
      );
    }
  };

  const makeUdp = () => {
    const socket = dgram.createSocket({ type: family });
    socket.on('message', (data, rinfo) => {
      // A bare CRLF is a keep-alive some phones send over UDP; nothing to answer.
      if (data.length <= 4 && data.toString('latin1').trim() === '') return;
      deliver(data, { transport: 'udp', address: rinfo.address, port: rinfo.port }, false);
    });
    return socket;
  };

  const attach = (socket: net.Socket, key: string) => {
    connections.set(key, socket);
    const framer = new StreamFramer();
    const peer: SipPeer = {
      transport: 'tcp',
      address: socket.remoteAddress ?? '',
      port: socket.remotePort ?? 0,
    };
    socket.setNoDelay(true);
    socket.setTimeout(options.tcpIdleMs ?? 10 * 60_000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      let items;
      try {
        items = framer.push(chunk);
      } catch (error) {
        options.onMalformed?.((error as Error).message, peer);
        socket.destroy();
        return;
      }
      for (const item of items) {
        if (item.kind === 'ping') socket.write('\r\n');
        else deliver(item.data, peer, true);
      }
    });
    socket.on('error', (error) => logger.debug({ err: error.message, key }, 'SIP TCP connection error'));
    socket.on('close', () => {
      if (connections.get(key) === socket) connections.delete(key);
    });
  };

  const tcp = net.createServer((socket) => {
    attach(socket, peerKey(socket.remoteAddress ?? '', socket.remotePort ?? 0));
  });
  tcp.on('error', (error) => logger.warn({ err: error }, 'SIP TCP server error'));

  const { udp, port } = await bindBoth(makeUdp, tcp, options.host, options.port);
  udp.on('error', (error) => logger.warn({ err: error }, 'SIP UDP socket error'));

  let closed = false;
  const send = (message: SipMessage, peer: SipPeer) => {
    if (closed) return;
    const address = bareHost(peer.address);
    // Names are resolved (and vetted) before they get here, once, by the address policy: letting the OS
    // resolve at each send would let DNS swap in another address after the vetting (ADR 013).
    if (net.isIP(address) === 0) {
      logger.warn({ peer }, 'SIP message not sent: the destination is not a resolved IP address');
      return;
    }
    let data: Buffer;
    try {
      data = serializeSipMessage(message);
    } catch (error) {
      // Sends happen in timers too (retransmissions, refreshes): a refusal is logged, never thrown there.
      if (!(error instanceof UnsafeSipMessageError)) throw error;
      logger.warn({ err: error.message, peer }, 'SIP message with control characters not sent');
      return;
    }
    if (peer.transport === 'udp') {
      udp.send(data, peer.port, address, (error) => {
        if (error) logger.debug({ err: error.message, peer }, 'SIP UDP send failed');
      });
      return;
    }
    const key = peerKey(address, peer.port);
    let socket = connections.get(key);
    if (!socket || socket.destroyed) {
      socket = net.connect({ host: address, port: peer.port });
      attach(socket, key);
    }
    socket.write(data);
  };

  return {
    host: options.host,
    port,
    send,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const socket of connections.values()) socket.destroy();
      connections.clear();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

function peerKey(address: string, port: number): string {
  return `${address}|${port}`;
}

/** RFC 3261 18.2.1 and RFC 3581 4: record where the request really came from on its top Via. */
function stampVia(headers: SipHeaders, peer: SipPeer): void {
  const raw = headers.getAll('via')[0];
  const via = raw === undefined ? undefined : parseVia(raw);
  if (!via) return;
  const rport = via.params.has('rport');
  if (rport || bareHost(via.host) !== peer.address) via.params.set('received', peer.address);
  if (rport) via.params.set('rport', String(peer.port));
  headers.replaceFirst('via', formatVia(via));
}

/** Where responses to a request go: the same connection for TCP; received/rport for UDP (RFC 3581). */
export function responseTarget(headers: SipHeaders, peer: SipPeer): SipPeer {
  if (peer.transport === 'tcp') return peer;
  const via = parseVia(headers.getAll('via')[0] ?? '');
  if (!via) return peer;
  const rport = Number(via.params.get('rport'));
  return {
    transport: 'udp',
    address: via.params.get('received') || bareHost(via.host),
    port: rport > 0 ? rport : (via.port ?? 5060),
  };
}

async function bindBoth(
  makeUdp: () => dgram.Socket,
  tcp: net.Server,
  host: string,
  wanted: number,
): Promise<{ udp: dgram.Socket; port: number }> {
  for (let attempt = 0; ; attempt += 1) {
    const udp = makeUdp();
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(wanted, host, () => {
        udp.off('error', reject);
        resolve(udp.address().port);
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, port };
    } catch (error) {
      // With port 0 the UDP port may be taken on TCP by someone else: try another pair.
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (wanted !== 0 || attempt >= 5) throw error;
    }
  }
}
