import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { ConversationStore, type PortsFor } from './conversation/conversation-store.ts';
import { mountHealth } from '#server/http/health.ts';
import { requestContext } from '#server/http/request-id.ts';
import type { Logger } from '#server/logger.ts';
import { attachBrowserVoice, type BrowserVoiceOptions } from './browser/browser-voice-endpoint.ts';
import { attachListenEndpoint, type ListenGrant } from './listen/listen-endpoint.ts';
import { attachOperatorEndpoint, type OperatorGrant } from './browser/operator-endpoint.ts';
import { serveMetrics } from '#server/metrics/metrics-endpoint.ts';
import { turnHttpRouter } from './turns/turn-http.ts';
import { TurnService } from './turns/turn-service.ts';
import { attachTurnWebSocket } from './turns/turn-ws.ts';

export interface MediaHttpOptions {
  redis: Redis;
  logger: Logger;
  /** The turn API's calls run with these ports, under no project (a bare flow names none). */
  portsFor: PortsFor;
  turnServiceToken?: string;
  /** What Prometheus presents to /metrics; default the turn service token. Neither: loopback peers only. */
  metricsToken?: string;
  /** Browser calls at /voice/v1/ws, and the voice gateway's metrics at /metrics. */
  voice?: BrowserVoiceOptions & {
    /** Supervisors' listen-in at /voice/v1/listen: checks a ticket the web app signed (none: every ticket refused). */
    verifyListenTicket?: (ticket: string) => Promise<ListenGrant | null>;
    /** Operators join the caller they accepted at /voice/v1/operator (none: every ticket refused). */
    verifyOperatorTicket?: (ticket: string) => Promise<OperatorGrant | null>;
  };
  /** Served at /metrics before the voice gateway's: the process metrics and the SIP gateway's counters. */
  metricsRegistries?: readonly Registry[];
}

export interface MediaHttp {
  server: Server;
  /** Call before closing the server: WebSocket peers are told to go (1001) once their turns are answered. */
  drain(): void;
}

/** The media server's HTTP side: health, and the turn API over HTTP and WebSocket. */
export function createMediaHttpServer(options: MediaHttpOptions): MediaHttp {
  const service = new TurnService(new ConversationStore(options.redis), 'turn-api', options.portsFor);
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(options.logger));
  mountHealth(app, {
    redis: async () => {
      await options.redis.ping();
    },
  });
  app.use('/turn/v1', turnHttpRouter(service, options.turnServiceToken, options.logger));
  const voice = options.voice;
  // With a token configured, everyone presents it (a proxy on this machine makes requests local); without
  // one the server listens on loopback only and answers direct local peers.
  const metricsToken = options.metricsToken ?? options.turnServiceToken;
  const registries = [
    ...(options.metricsRegistries ?? []),
    ...(voice ? [voice.gateway.metrics.registry] : []),
  ];
  if (registries.length > 0) {
    app.get('/metrics', (req, res) => void serveMetrics(req, res, metricsToken, registries));
  }
  const server = createServer(app);
  const ws = attachTurnWebSocket(server, service, options.turnServiceToken, options.logger);
  const browser = voice ? attachBrowserVoice(server, voice) : undefined;
  if (voice) {
    attachListenEndpoint(server, {
      gateway: voice.gateway,
      logger: options.logger,
      verifyTicket: voice.verifyListenTicket ?? (async () => null),
    });
    attachOperatorEndpoint(server, {
      gateway: voice.gateway,
      logger: options.logger,
      verifyTicket: voice.verifyOperatorTicket ?? (async () => null),
    });
  }
  return {
    server,
    drain: () => {
      ws.drain();
      browser?.drain();
    },
  };
}
