import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { fieldErrors } from '../../../app/.server/api/api-error.ts';
import type { Logger } from '../../../app/.server/logger.ts';
import { turnRequestAllowed } from './turn-auth.ts';
import { wsMessage } from './turn-messages.ts';
import { toServiceError, type TurnService } from './turn-service.ts';

export const TURN_WS_PATH = '/turn/v1/ws';

/**
 * WebSocket front end of the turn API: one connection carries many calls. Messages are JSON:
 * `{type:'start'|'event'|'end', requestId?, ...}`, answered with `{type:'commands', callId, commands, trace,
 * requestId}` or `{type:'error', code, message, fields?, requestId}`.
 */
export function attachTurnWebSocket(server: Server, service: TurnService, token: string | undefined, logger: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 512 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== TURN_WS_PATH) return;
    if (!turnRequestAllowed(req, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', async (data) => {
      let requestId: string | undefined;
      const reply = (body: Record<string, unknown>) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ ...body, requestId }));
      try {
        let json: unknown;
        try {
          json = JSON.parse(String(data));
        } catch {
          return reply({ type: 'error', code: 'malformed_json', message: 'The message is not valid JSON.' });
        }
        requestId = typeof (json as { requestId?: unknown })?.requestId === 'string' ? (json as { requestId: string }).requestId : undefined;
        const message = wsMessage.parse(json);
        const out =
          message.type === 'start'
            ? await service.start(message)
            : message.type === 'event'
              ? await service.event(message.callId, message.event)
              : await service.end(message.callId);
        reply({ type: 'commands', ...out });
      } catch (error) {
        if (error instanceof z.ZodError) {
          return reply({ type: 'error', code: 'validation_failed', message: 'Some fields are invalid.', fields: fieldErrors(error) });
        }
        const e = toServiceError(error);
        if (e.status >= 500) logger.error({ err: error }, 'turn failed');
        reply({ type: 'error', code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) });
      }
    });
  });
  return wss;
}
