import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { fieldErrors } from '#server/api/api-error.ts';
import type { Logger } from '#server/logger.ts';
import { isCallControl, TOKEN_REQUIRED_MESSAGE, turnAccess, type TurnAccess } from './turn-auth.ts';
import { wsMessage, type WsMessage } from './turn-messages.ts';
import { toServiceError, type TurnService } from './turn-service.ts';

export const TURN_WS_PATH = '/turn/v1/ws';
/** A peer that does not answer a ping within this is gone (its TCP connection may never say so). */
const HEARTBEAT_MS = 30_000;

export interface TurnWebSocket {
  /** Stops taking new messages; closes each connection (1001) once its turns in flight are answered. */
  drain(): void;
}

interface Connection {
  inFlight: number;
  alive: boolean;
  /** Whether the peer presented the token when it connected (call control needs it). */
  access: TurnAccess;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function requestIdOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('requestId' in json)) return undefined;
  return typeof json.requestId === 'string' ? json.requestId : undefined;
}

/** Ending a call or an operator joining: never on loopback trust alone. */
const controlsCall = (message: WsMessage) =>
  message.type === 'end' || (message.type === 'event' && isCallControl(message.event));

function runMessage(service: TurnService, message: WsMessage) {
  if (message.type === 'start') return service.start(message, null);
  if (message.type === 'event') return service.event(message.callId, message.event);
  return service.end(message.callId);
}

/**
 * WebSocket front end of the turn API: one connection carries many calls. Messages are JSON:
 * `{type:'start'|'event'|'end', requestId?, ...}`, answered with `{type:'commands', callId, commands, trace,
 * requestId}` or `{type:'error', code, message, fields?, requestId}`. Turns of one call are answered in the
 * order their messages arrived (the conversation store queues them); different calls run concurrently.
 */
export function attachTurnWebSocket(
  server: Server,
  service: TurnService,
  token: string | undefined,
  logger: Logger,
): TurnWebSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 512 * 1024 });
  const connections = new Map<WebSocket, Connection>();
  let draining = false;

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== TURN_WS_PATH) {
      // Other WebSocket paths may be served by other listeners; when there are none, say so.
      if (server.listenerCount('upgrade') === 1)
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (draining) return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
    const access = turnAccess(req, token);
    if (access === 'none') {
      return void socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, access));
  });

  const heartbeat = setInterval(() => {
    for (const [ws, conn] of connections) {
      if (!conn.alive) {
        ws.terminate();
        continue;
      }
      conn.alive = false;
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  server.on('close', () => clearInterval(heartbeat));

  const closeIfDrained = (ws: WebSocket, conn: Connection) => {
    if (draining && conn.inFlight === 0) ws.close(1001, 'server shutting down');
  };

  wss.on('connection', (ws: WebSocket, access: TurnAccess) => {
    const conn: Connection = { inFlight: 0, alive: true, access };
    connections.set(ws, conn);
    ws.on('pong', () => (conn.alive = true));
    ws.on('close', () => connections.delete(ws));
    ws.on('message', async (data) => {
      const json = parseJson(String(data));
      const requestId = json.ok ? requestIdOf(json.value) : undefined;
      const reply = (body: Record<string, unknown>) =>
        ws.readyState === ws.OPEN && ws.send(JSON.stringify({ ...body, requestId }));
      if (!json.ok) {
        return reply({ type: 'error', code: 'malformed_json', message: 'The message is not valid JSON.' });
      }
      if (draining) {
        return reply({
          type: 'error',
          code: 'shutting_down',
          message: 'This server is stopping; reconnect.',
        });
      }
      const message = wsMessage.safeParse(json.value);
      if (!message.success) {
        return reply({
          type: 'error',
          code: 'validation_failed',
          message: 'Some fields are invalid.',
          fields: fieldErrors(message.error),
        });
      }
      if (controlsCall(message.data) && conn.access !== 'token') {
        return reply({ type: 'error', code: 'token_required', message: TOKEN_REQUIRED_MESSAGE });
      }
      conn.inFlight += 1;
      try {
        reply({ type: 'commands', ...(await runMessage(service, message.data)) });
      } catch (error) {
        const e = toServiceError(error);
        if (e.status >= 500) logger.error({ err: error }, 'turn failed');
        reply({ type: 'error', code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) });
      } finally {
        conn.inFlight -= 1;
        closeIfDrained(ws, conn);
      }
    });
  });

  return {
    drain() {
      draining = true;
      for (const [ws, conn] of connections) closeIfDrained(ws, conn);
    },
  };
}
