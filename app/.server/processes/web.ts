// The web process: the Remix app (UI and /api/v1), health endpoints, Prometheus metrics, structured logs,
// graceful shutdown.
// `npm run start:web` (compiled, dist/server/web.js) serves the production build; `npm run dev` serves through Vite with hot reload.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import { db as sharedDb, disconnectDb } from '../db.ts';
import { loadDotenv } from '../env/dotenv.ts';
import { webEnv } from '../env/env-schema.ts';
import { loadEnvOrExit } from '../env/load-env.ts';
import { onShutdown } from '../http/graceful-shutdown.ts';
import { createWebApp, mountRemix } from '../http/web-app.ts';
import { createLogger } from '../logger.ts';
import { createProcessRegistry } from '../metrics/process-registry.ts';
import { appRoot } from './app-root.ts';
import { createRedis } from '../redis.ts';
import { warnIfRedisNotDurable } from '../redis-durability.ts';
import { realtimeHub } from '../realtime/hub-instance.server.ts';
import { attachRealtimeWebSocket } from '../realtime/websocket-gateway.ts';
import { verifyKeyring } from '../secrets/credentials.server.ts';
import { keyringFromEnv } from '../secrets/master-keys.ts';

loadDotenv();
const env = loadEnvOrExit(webEnv, 'web');
const logger = createLogger('web', env.LOG_LEVEL);
const root = appRoot(import.meta.dirname);
const dev = process.argv.includes('--dev');

const db = sharedDb();
const redis = createRedis(env, { lazy: true });
redis.on('error', (e) => logger.warn({ err: e.message }, 'redis connection problem'));
void warnIfRedisNotDurable(redis, logger);

try {
  await verifyKeyring(db, keyringFromEnv());
} catch (e) {
  logger.fatal(e instanceof Error ? e.message : String(e));
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

const app = createWebApp({
  publicUrl: env.PUBLIC_URL,
  voicePublicUrl: env.VOICE_PUBLIC_URL,
  trustProxy: env.TRUST_PROXY,
  dev,
  logger,
  metrics: { registry: createProcessRegistry(), token: env.METRICS_TOKEN },
  healthChecks: {
    database: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    redis: async () => {
      if (redis.status === 'wait') await redis.connect();
      await redis.ping();
    },
  },
});

let build: ServerBuild | (() => Promise<ServerBuild>);
if (dev) {
  const vite = await import('vite');
  const viteServer = await vite.createServer({ root, server: { middlewareMode: true } });
  app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
} else {
  const serverBuild = resolve(root, 'build/server/index.js');
  if (!existsSync(serverBuild)) {
    console.error('web: no production build found. Run `npm run build` first (or `npm run dev`).');
    process.exit(1);
  }
  // Fingerprinted assets are immutable; everything else in public/ may change between releases.
  app.use('/assets', express.static(resolve(root, 'build/client/assets'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(resolve(root, 'build/client'), { maxAge: '1h' }));
  build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
}

mountRemix(app, build, dev ? 'development' : 'production');

const server = createServer(app);
// The realtime gateway's WebSocket shares the port (ADR 018); the SSE twin is a Remix route.
const realtime = attachRealtimeWebSocket(server, { hub: realtimeHub, logger, publicUrl: env.PUBLIC_URL });
server.listen(env.PORT, env.HOST, () => {
  logger.info({ url: env.PUBLIC_URL, port: env.PORT }, 'web listening');
});
onShutdown(
  logger,
  [server],
  [
    async () => {
      realtime.close();
      await (await realtimeHub()).stop();
    },
    disconnectDb,
    () => redis.quit(),
  ],
);
