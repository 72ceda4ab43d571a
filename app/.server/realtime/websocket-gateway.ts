import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { requireProjectPermission } from '../access/project-access.server.ts';
import type { Logger } from '../logger.ts';
import { STREAM_ID } from '../events/event-streams.ts';
import { encodeMessage, type HubSubscription, type RealtimeHub } from './realtime-hub.ts';

export const REALTIME_PATH = '/api/v1/realtime';
/** Above this many bytes unsent on the socket, the hub queues (bounded) instead of writing. */
const HIGH_WATER_BYTES = 128 * 1024;

const subscribeMessage = z.object({
  type: z.literal('subscribe'),
  projectId: z.string(),
  callId: z.string().min(1).max(100).optional(),
  lastEventId: z.string().regex(STREAM_ID).optional(),
});

export interface WebSocketGatewayOptions {
  hub: () => Promise<RealtimeHub>;
  logger: Logger;
  /** PUBLIC_URL: a browser (cookie) connection must come from this origin (no cross-site WebSocket hijacking). */
  publicUrl: string;
}

/**
 * WebSocket at /api/v1/realtime. The upgrade request carries the credentials (the session cookie, or
 * Authorization: Bearer with an access token or a project API key); each `subscribe` message is checked
 * against its project like any API call (calls.read), then the socket receives that project's events (or
 * one call's), starting after `lastEventId` when given. One subscription per socket: a new one replaces it.
 */
export function attachRealtimeWebSocket(server: Server, options: WebSocketGatewayOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const origin = new URL(options.publicUrl).origin;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== REALTIME_PATH) return;
    const cookieAuth = !req.headers.authorization;
    if (cookieAuth && req.headers.origin && req.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => connection(ws, req, options));
  });
  return wss;
}

function connection(ws: WebSocket, req: IncomingMessage, options: WebSocketGatewayOptions): void {
  const headers = new Headers();
  for (const name of ['cookie', 'authorization', 'user-agent', 'x-client-ip']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  const request = new Request(new URL(req.url ?? '/', options.publicUrl), { headers });
  let current: HubSubscription | undefined;
  let alive = true;
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, 30_000);
  ws.on('pong', () => (alive = true));
  const sendError = (code: string, message: string) =>
    ws.send(JSON.stringify({ type: 'error', code, message }));

  ws.on('message', (data) => {
    void (async () => {
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return sendError('validation_failed', 'Send JSON: {"type":"subscribe","projectId":…}.');
      }
      const parsed = subscribeMessage.safeParse(json);
      if (!parsed.success) return sendError('validation_failed', 'Send {"type":"subscribe","projectId":…}.');
      let access;
      try {
        access = await requireProjectPermission(request, parsed.data.projectId, 'calls.read');
      } catch (thrown) {
        if (thrown instanceof Response) {
          const body = (await thrown.json().catch(() => null)) as {
            error?: { code?: string; message?: string };
          } | null;
          sendError(body?.error?.code ?? 'forbidden', body?.error?.message ?? 'Not allowed.');
          if (thrown.status === 401) ws.close(4401, 'unauthenticated');
          return;
        }
        throw thrown;
      }
      current?.close();
      const hub = await options.hub();
      current = await hub.subscribe({
        projectId: access.projectId,
        callId: parsed.data.callId ?? null,
        lastEventId: parsed.data.lastEventId ?? null,
        viewer: { role: access.role, userId: access.user?.id ?? null },
        client: {
          send: (message) => {
            if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message), { binary: false });
          },
          writable: () => ws.bufferedAmount < HIGH_WATER_BYTES,
          // Told to resync: the socket closes (a stalled one is cut), the client reconnects and reloads.
          close: () => {
            ws.close(4000, 'resync');
            setTimeout(() => ws.terminate(), 2_000).unref();
          },
        },
      });
    })().catch((error: unknown) => {
      options.logger.warn({ err: error }, 'realtime subscribe failed');
      sendError('internal', 'Subscription failed.');
    });
  });
  ws.on('close', () => {
    clearInterval(ping);
    current?.close();
  });
}
