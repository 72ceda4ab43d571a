import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '#server/logger.ts';
import { LISTEN_WS_PATH, type ListenMessage } from '../../../app/lib/monitor/listen-messages.ts';
import { int16ToLeBytes } from '../audio/pcm.ts';
import type { VoiceGateway } from '../call/voice-gateway.ts';
import type { ListenTap } from './listen-tap.ts';
import type { CallSession } from '../call/call-session.ts';
import type { SuperviseMode } from '../call/supervisor-channel.ts';
import { leBytesToInt16 } from '../audio/pcm.ts';
import { socketHeartbeat } from '../browser/socket-heartbeat.ts';

/** What a listen ticket grants: one live call of one project, for one person, and how they join it. */
export interface ListenGrant {
  projectId: string;
  callId: string;
  userId: string;
  /** `listen` (the default) only hears; the others also carry the supervisor's voice into the call. */
  mode?: 'listen' | SuperviseMode;
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
  // A speaking supervisor sends 20 ms frames (640 bytes at 16 kHz); a listener sends nothing.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
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
    const session = call.session;
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, accepted, session.listenTap, session));
  }

  function serve(ws: WebSocket, grant: ListenGrant, tap: ListenTap, session: CallSession): void {
    // Whisper, barge or take-over: the call must take it now (an operator on it for the first two, the bot
    // still running it for a take-over, nobody else supervising); otherwise the socket says why and closes.
    const mode = grant.mode ?? 'listen';
    const voice = mode === 'listen' ? null : session.supervise(mode, grant.userId);
    if (mode !== 'listen' && !voice) {
      const refused: ListenMessage = { type: 'refused', mode };
      ws.send(JSON.stringify(refused));
      ws.close(4409, 'the call cannot take this now');
      return;
    }
    if (voice) {
      const samples = (tap.sampleRate * 20) / 1000;
      ws.on('message', (data, isBinary) => {
        if (!isBinary) return;
        const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
        const pcm = leBytesToInt16(bytes).samples;
        for (let at = 0; at + samples <= pcm.length; at += samples)
          voice.audio(pcm.subarray(at, at + samples));
      });
      ws.on('close', () => voice.leave());
    }
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
