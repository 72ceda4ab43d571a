/**
 * A short-lived SIP user agent for checking a connection: OPTIONS to see the carrier answers, and a
 * REGISTER binding query (RFC 3261 10.2.3: no Contact, so it changes no binding the gateway holds) to see
 * the credentials are accepted. Each request gets its own deadline far below Timer F, since a person waits.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { createLogger } from '#server/logger.ts';
import { digestAuthorization, parseDigestChallenge } from '../sip/digest-auth.ts';
import { SipHeaders } from '../sip/sip-headers.ts';
import type { SipPeer, SipRequest, SipResponse } from '../sip/sip-message.ts';
import { createSipTransport } from '../sip/sip-transport.ts';
import { newTag, TransactionLayer } from '../sip/transaction-layer.ts';

export interface ProbeAnswer {
  /** The final status; 408 when nothing came back in time. */
  status: number;
  reason: string;
  latencyMs: number;
  /** Set when no response came at all (as opposed to a 408 from the far end). */
  timedOut: boolean;
}

export interface SipProbe {
  options(uri: string, peer: SipPeer): Promise<ProbeAnswer>;
  registerQuery(args: {
    uri: string;
    peer: SipPeer;
    aor: string;
    username: string;
    authUsername?: string;
    password: string;
  }): Promise<ProbeAnswer & { challenged: boolean }>;
  close(): Promise<void>;
}

/** The local address the system would use to reach `address` (for our Via), without sending anything. */
async function localAddressFor(address: string): Promise<string> {
  const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(9, address, () => resolve());
    });
    return socket.address().address;
  } catch {
    return '127.0.0.1';
  } finally {
    socket.close();
  }
}

export async function createSipProbe(target: string, timeoutMs = 4000): Promise<SipProbe> {
  const local = await localAddressFor(target);
  const layerRef: { current?: TransactionLayer } = {};
  const transport = await createSipTransport({
    host: local.includes(':') ? '::' : '0.0.0.0',
    port: 0,
    logger: createLogger('sip-probe', 'silent'),
    onMessage: (message, peer) => layerRef.current?.handle(message, peer),
  });
  const layer = new TransactionLayer({
    send: (message, peer) => transport.send(message, peer),
    viaHost: local,
    viaPort: transport.port,
  });
  layer.user = { onRequest: (_request, tx) => tx.respond(405), onAck: () => undefined };
  layerRef.current = layer;
  const fromTag = newTag();
  const callId = `${randomBytes(10).toString('hex')}@${local}`;
  let cseq = 0;

  const request = (method: string, uri: string, from: string, to: string, extra: [string, string][] = []) => {
    const headers = new SipHeaders();
    headers.add('max-forwards', '70');
    headers.add('from', `<${from}>;tag=${fromTag}`);
    headers.add('to', `<${to}>`);
    headers.add('call-id', callId);
    cseq += 1;
    headers.add('cseq', `${cseq} ${method}`);
    headers.add('user-agent', 'voice-platform-check');
    for (const [name, value] of extra) headers.add(name, value);
    const message: SipRequest = { kind: 'request', method, uri, headers, body: Buffer.alloc(0) };
    return message;
  };

  const send = (message: SipRequest, peer: SipPeer) =>
    new Promise<{ response: SipResponse | undefined; latencyMs: number }>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        tx.terminate();
        resolve({ response: undefined, latencyMs: Math.round(performance.now() - started) });
      }, timeoutMs);
      const tx = layer.sendRequest(message, peer, (response) => {
        if (response.status < 200) return;
        clearTimeout(timer);
        resolve({ response, latencyMs: Math.round(performance.now() - started) });
      });
    });

  const answer = (got: { response: SipResponse | undefined; latencyMs: number }): ProbeAnswer =>
    got.response && !(got.response.status === 408 && got.response.headers.get('via') === undefined)
      ? {
          status: got.response.status,
          reason: got.response.reason,
          latencyMs: got.latencyMs,
          timedOut: false,
        }
      : { status: 408, reason: 'No answer', latencyMs: got.latencyMs, timedOut: true };

  return {
    async options(uri, peer) {
      const self = `sip:check@${local}`;
      return answer(await send(request('OPTIONS', uri, self, uri, [['accept', 'application/sdp']]), peer));
    },
    async registerQuery({ uri, peer, aor, username, authUsername, password }) {
      const first = await send(request('REGISTER', uri, aor, aor), peer);
      const status = first.response?.status;
      if (status !== 401 && status !== 407) return { ...answer(first), challenged: false };
      const proxy = status === 407;
      const challenge = parseDigestChallenge(
        first.response?.headers.get(proxy ? 'proxy-authenticate' : 'www-authenticate') ?? '',
      );
      if (!challenge) return { ...answer(first), challenged: true };
      // Answer the challenge once; a second challenge (or a 403) means the credentials were refused.
      const retry = request('REGISTER', uri, aor, aor, [
        [
          proxy ? 'proxy-authorization' : 'authorization',
          digestAuthorization({
            challenge,
            method: 'REGISTER',
            uri,
            username: authUsername || username,
            password,
            nc: 1,
            cnonce: randomBytes(8).toString('hex'),
          }),
        ],
      ]);
      const final = answer(await send(retry, peer));
      return { ...final, latencyMs: first.latencyMs + final.latencyMs, challenged: true };
    },
    async close() {
      layer.close();
      await transport.close();
    },
  };
}
