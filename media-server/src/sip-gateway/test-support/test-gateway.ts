import pino from 'pino';
import { createLogger, type Logger } from '#server/logger.ts';
import { type MediaLeg } from '../../call/media-leg.ts';
import { createSipGateway, type SipGateway, type SipGatewayOptions } from '../sip-gateway.ts';
import { type SipRoute } from '../sip-route.ts';
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
