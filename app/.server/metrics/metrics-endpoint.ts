import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { fromLoopback, presentsToken } from '../http/peer-access.ts';

const FORWARDING = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * Who may scrape /metrics. With METRICS_TOKEN set, everyone presents it, loopback included (a reverse proxy on
 * this machine makes every request local). Without one, only a direct peer on this machine: a loopback request
 * that a proxy forwarded carries a forwarding header and is refused, like the turn API.
 */
export function metricsAllowed(req: IncomingMessage, token: string | undefined): boolean {
  if (token) return presentsToken(req, token);
  return fromLoopback(req) && !FORWARDING.some((h) => req.headers[h] !== undefined);
}

/** The Prometheus text of these registries, in order (series names must not repeat across them). */
export async function metricsText(registries: readonly Registry[]): Promise<string> {
  const parts = await Promise.all(registries.map((r) => r.metrics()));
  return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
}

/** Answers GET /metrics for a plain Node or Express server. */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
  registries: readonly Registry[],
): Promise<void> {
  if (!metricsAllowed(req, token)) {
    res.writeHead(401, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        error: {
          code: 'unauthenticated',
          message: token
            ? 'Send Authorization: Bearer <METRICS_TOKEN>.'
            : 'Set METRICS_TOKEN to scrape /metrics from beyond this machine.',
        },
      }),
    );
    return;
  }
  try {
    const body = await metricsText(registries);
    res.writeHead(200, { 'content-type': registries[0]?.contentType ?? 'text/plain; version=0.0.4' });
    res.end(body);
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(e instanceof Error ? e.message : String(e));
  }
}
