import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express, { type Express } from 'express';
import { CLIENT_IP_HEADER } from '../auth/client-info.server.ts';
import type { Logger } from '../logger.ts';
import { mountHealth, type ReadinessCheck } from './health.ts';
import { originCheck } from './origin-check.ts';
import { requestContext } from './request-id.ts';

export interface WebAppOptions {
  publicUrl: string;
  logger: Logger;
  healthChecks: Record<string, ReadinessCheck>;
}

/**
 * The web process's Express app up to (not including) the Remix handler: request ids and logs, the client
 * address, the Origin check and the health endpoints. The process adds static files (or Vite) and Remix;
 * tests mount a small Remix build on the same stack.
 */
export function createWebApp(options: WebAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(options.logger));
  // Remix sees the raw request; hand it the client address Express resolved (never trust a client's copy).
  app.use((req, _res, next) => {
    req.headers[CLIENT_IP_HEADER] = req.ip ?? 'unknown';
    next();
  });
  app.use(originCheck(options.publicUrl));
  mountHealth(app, options.healthChecks);
  return app;
}

/** Every other request goes to Remix. */
export function mountRemix(
  app: Express,
  build: ServerBuild | (() => Promise<ServerBuild>),
  mode: 'development' | 'production',
): void {
  app.all('*', createRequestHandler({ build, mode }));
}
