import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '#server/logger.ts';
import { LISTEN_WS_PATH, type ListenMessage } from '../../../app/lib/monitor/listen-messages.ts';
import { int16ToLeBytes } from '../audio/pcm.ts';
import type { VoiceGateway } from '../call/voice-gateway.ts';
import type { ListenTap } from './listen-tap.ts';
import { socketHeartbeat } from '../browser/socket-heartbeat.ts';

/** What a listen ticket grants: one live call of one project, for one person. */
export interface ListenGrant {
  projectId: string;
  callId: string;
  userId: string;
}

export interface ListenEndpointOptions {
  gateway: VoiceGateway;
  /** Short-lived single-use tickets the web app signs for a supervisor; null when invalid, expired or used. */
  verifyTicket: (ticket: string) => Promise<ListenGrant | null>;
  logger: Logger;
}

const HEARTBEAT_MS = 15_000;

/** Audio a slow listener has not taken yet, past which frames are skipped (it hears a gap, the server keeps its memory). */
const MAX_BUFFERED_BYTES = 64 * 1024;

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves listen-in on `/voice/v1/listen?ticket=…`: a supervisor hears a live call of this process, both sides
 * mixed. No ticket, or a forged, expired or used one: 401. A call that is not here or not of the ticket's
 * project: 404 (the same answer, so a ticket cannot probe other projects' calls).
 */
export function attachListenEndpoint(server: Server, options: ListenEndpointOptions): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const { gateway, logger } = options;
  // A supervisor whose connection vanished without a close is let go at the next missed pong, not at call end.
  const heartbeat = socketHeartbeat(server, HEARTBEAT_MS);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LISTEN_WS_PATH) return;
    socket.on('error', () => undefined);
    void accept(req, socket, head, url.searchParams.get('ticket') ?? '');
  });

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, ticket: string): Promise<void> {
    let grant: ListenGrant | null = null;
    try {
      grant = ticket ? await options.verifyTicket(ticket) : null;
    } catch (error) {
      logger.error({ err: error }, 'listen ticket check failed');
      return refuse(socket, 500, 'Internal Server Error');
    }
    if (!grant) return refuse(socket, 401, 'Unauthorized');
    const call = gateway.call(grant.callId);
    if (!call || call.projectId !== grant.projectId) return refuse(socket, 404, 'Not Found');
    if (socket.destroyed) return;
    const accepted = grant;
    const tap = call.session.listenTap;
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, accepted, tap));
  }

  function serve(ws: WebSocket, grant: ListenGrant, tap: ListenTap): void {
    logger.info({ callId: grant.callId, userId: grant.userId }, 'supervisor listening in');
    const ready: ListenMessage = {
      type: 'ready',
      callId: grant.callId,
      sampleRate: tap.sampleRate,
      frameMs: 20,
    };
    ws.send(JSON.stringify(ready));
    heartbeat.watch(ws);
    const stop = tap.listen(
      (frame) => {
        if (ws.readyState !== ws.OPEN || ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
        ws.send(int16ToLeBytes(frame));
      },
      () => {
        const ended: ListenMessage = { type: 'ended' };
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(ended));
        ws.close(1000, 'call ended');
      },
    );
    ws.on('close', () => {
      stop();
      logger.info({ callId: grant.callId, userId: grant.userId }, 'supervisor stopped listening');
    });
    ws.on('error', () => undefined);
  }
}
