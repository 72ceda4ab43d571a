import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { isLoopbackHost } from '#server/http/peer-access.ts';
import { serveMetrics } from '#server/metrics/metrics-endpoint.ts';

export interface WorkersHttpOptions {
  /** Whether every BullMQ worker of the process is running. */
  alive: () => boolean;
  registry: Registry;
  metricsToken: string | undefined;
}

/** The workers' small HTTP side: /healthz for supervisors, /metrics for Prometheus. */
export function createWorkersHttp(options: WorkersHttpOptions): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      void serveMetrics(req, res, options.metricsToken, [options.registry]);
      return;
    }
    const ok = path === '/healthz' && options.alive();
    res
      .writeHead(path === '/healthz' ? (ok ? 200 : 503) : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: ok ? 'ok' : path === '/healthz' ? 'down' : 'not found' }));
  });
}

/** Why the workers must not start as configured, or null (like the media server's turn API). */
export function workersExposureProblem(host: string, token: string | undefined): string | null {
  if (token || isLoopbackHost(host)) return null;
  return `WORKERS_HTTP_HOST=${host} makes /metrics reachable beyond this machine, and METRICS_TOKEN is not set. Set METRICS_TOKEN (16 characters or more), or listen on 127.0.0.1. Refusing to start.`;
}
