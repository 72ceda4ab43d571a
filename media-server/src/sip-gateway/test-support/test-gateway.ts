import dgram from 'node:dgram';
import pino from 'pino';
import { afterEach } from 'vitest';
import { createLogger, type Logger } from '#server/logger.ts';
import { type MediaLeg } from '../../call/media-leg.ts';
import { createSipGateway, type SipGateway, type SipGatewayOptions } from '../sip-gateway.ts';
import { parseNameAddr } from '../../sip/header-values.ts';
import { type SipResponse } from '../../sip/sip-message.ts';
import { type SipRoute } from '../sip-route.ts';
import { createRawSipClient, type RawSipClient } from './raw-sip-client.ts';
import { freeUdpRange } from './free-port.ts';

export async function startTestGateway(
  route: SipRoute,
  overrides: Partial<SipGatewayOptions> = {},
): Promise<SipGateway> {
  return createSipGateway({
    host: '127.0.0.1',
    port: 0,
    rtpPorts: await freeUdpRange(200),
    logger: createLogger('sip-test', process.env.LOG_LEVEL ?? 'silent'),
    route,
    timers: { t1: 100, t2: 400, t4: 500 },
    // Test peers (carriers, registrars, proxies) listen on loopback, as TELEPHONY_ALLOW_HOSTS lets an install.
    addressPolicy: { allowHosts: ['127.0.0.1'] },
    ...overrides,
  });
}

/** A route that accepts every call to `user` and hands its legs to the test. */
export function acceptingRoute(user: string, onLeg: (leg: MediaLeg) => void): SipRoute {
  return ({ toUser }) =>
    toUser === user ? { accept: true, onLeg } : { accept: false, status: 404, reason: 'No Such Agent' };
}

/** Resolves when `check` holds, re-checking on every media tick's worth of time. */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A logger that keeps its JSON lines, for what only the log says (calls refused before they had a leg). */
export function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines: () => lines };
}

/**
 * The gateway and raw UDP peer a test starts, both closed after each test: `const bed = useSipTestBed()`
 * in a describe block, then `await bed.start(route)`.
 */
export function useSipTestBed() {
  let started: { gateway: SipGateway; client: RawSipClient } | undefined;
  const extra: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    const current = started;
    started = undefined;
    for (const item of extra.splice(0)) await item.close();
    await current?.client.close();
    await current?.gateway.close();
  });
  return {
    async start(route: SipRoute, overrides: Partial<SipGatewayOptions> = {}) {
      const gateway = await startTestGateway(route, overrides);
      const client = await createRawSipClient(gateway.port);
      started = { gateway, client };
      return started;
    },
    /** Something else to close after the test (an RTP sink, a socket). */
    closeAfter<T extends { close(): unknown }>(item: T): T {
      extra.push(item);
      return item;
    },
  };
}

/** A UDP socket that counts the RTP packets sent to it. */
export async function rtpSink(): Promise<{ port: number; count: () => number; close: () => void }> {
  const socket = dgram.createSocket('udp4');
  let packets = 0;
  socket.on('message', () => (packets += 1));
  const port = await new Promise<number>((resolve) =>
    socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)),
  );
  return { port, count: () => packets, close: () => socket.close() };
}

/** The tag a response's To header carries (ours, in a response from the gateway). */
export const toTagOf = (response: SipResponse): string =>
  parseNameAddr(response.headers.get('to') ?? '')?.params.get('tag') ?? '';
