import type { NextFunction, Request, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';

/** Seconds: a health probe to a slow export. */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPAQUE = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;

/**
 * A request path as a route pattern, so that series stay few: ids (UUIDs, numbers, long tokens) become
 * `:id`, fingerprinted assets one series, Remix's `.data` suffix (single fetch) kept apart from the page.
 * Paths nothing serves are folded into one label: a scanner must not mint a series per probe.
 */
export function routeLabel(path: string, status: number): string {
  if (status === 404) return '(unmatched)';
  if (path.startsWith('/assets/')) return '/assets/*';
  const dataSuffix = path.endsWith('.data') ? '.data' : '';
  const bare = dataSuffix ? path.slice(0, -dataSuffix.length) : path;
  const segments = bare
    .split('/')
    .map((s) => (UUID.test(s) || /^\d+$/.test(s) || OPAQUE.test(s) ? ':id' : s));
  return `${segments.join('/') || '/'}${dataSuffix}`;
}

/** HTTP request durations of the web process, by method, route and status. */
export function httpMetrics(registry: Registry) {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests served by the web process, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: DURATION_BUCKETS_S,
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (req.path === '/metrics') return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      duration.observe(
        {
          method: req.method,
          route: routeLabel(req.path, res.statusCode),
          status: String(res.statusCode),
        },
        seconds,
      );
    });
    next();
  };
}
