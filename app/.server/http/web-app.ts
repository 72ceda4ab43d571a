import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { CLIENT_IP_HEADER } from '../auth/client-info.server.ts';
import type { Logger } from '../logger.ts';
import { httpMetrics } from '../metrics/http-metrics.ts';
import { serveMetrics } from '../metrics/metrics-endpoint.ts';
import { mountHealth, type ReadinessCheck } from './health.ts';
import { originCheck } from './origin-check.ts';
import { requestContext } from './request-id.ts';
import { securityHeaders } from './security-headers.ts';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** This response's CSP nonce (entry.server.tsx and root.tsx put it on every inline script). */
    cspNonce?: string;
  }
}

export interface WebAppOptions {
  publicUrl: string;
  voicePublicUrl?: string;
  /** TRUST_PROXY: false (nobody), a hop count, or addresses/CIDRs. */
  trustProxy?: false | number | string[];
  logger: Logger;
  healthChecks: Record<string, ReadinessCheck>;
  dev?: boolean;
  /** Prometheus: request durations go to `registry`, served at /metrics (METRICS_TOKEN, else loopback only). */
  metrics?: { registry: Registry; token?: string };
}

const FORWARDING_HEADERS = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'forwarded',
];

/**
 * A peer TRUST_PROXY does not name cannot speak for the client: its forwarding headers are dropped before
 * anything reads them (Express resolves req.ip/hostname/protocol by the same setting; Remix's request URL and
 * its CSRF check read X-Forwarded-Host directly, so leaving it would let a client pick the host).
 */
function dropUntrustedForwarding(): RequestHandler {
  return (req, _res, next) => {
    const trusted = req.app.get('trust proxy fn') as (address: string, hop: number) => boolean;
    if (!trusted(req.socket.remoteAddress ?? '', 0)) {
      for (const name of FORWARDING_HEADERS) delete req.headers[name];
    }
    next();
  };
}

/**
 * The web process's Express app up to (not including) the Remix handler: request ids and logs, proxy trust
 * and the client address, Prometheus metrics, security headers, the Origin check and the health endpoints. The process adds
 * static files (or Vite) and Remix; tests mount a small Remix build on the same stack.
 */
export function createWebApp(options: WebAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  const metrics = options.metrics;
  if (metrics) {
    app.use(httpMetrics(metrics.registry));
    // Before forwarding headers are dropped: without a token, a request a local proxy forwarded is refused.
    app.get('/metrics', (req, res) => void serveMetrics(req, res, metrics.token, [metrics.registry]));
  }
  app.use(dropUntrustedForwarding());
  app.use(requestContext(options.logger));
  // Remix sees the raw request; hand it the client address Express resolved (never trust a client's copy).
  app.use((req, _res, next) => {
    req.headers[CLIENT_IP_HEADER] = req.ip ?? 'unknown';
    next();
  });
  app.use(
    securityHeaders({
      publicUrl: options.publicUrl,
      voicePublicUrl: options.voicePublicUrl,
      dev: options.dev,
    }),
  );
  app.use(originCheck(options.publicUrl));
  mountHealth(app, options.healthChecks, 2000, options.logger);
  return app;
}

/** Every other request goes to Remix, with this response's CSP nonce in the load context. */
export function mountRemix(
  app: Express,
  build: ServerBuild | (() => Promise<ServerBuild>),
  mode: 'development' | 'production',
): void {
  app.all(
    '*',
    createRequestHandler({
      build,
      mode,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string | undefined }),
    }),
  );
}
