import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '#server/logger.ts';
import { OPERATOR_WS_PATH } from '../../../app/lib/handoffs/operator-audio-messages.ts';
import type { VoiceGateway } from '../call/voice-gateway.ts';
import { BrowserMediaLeg } from './browser-media-leg.ts';
import { BROWSER_SAMPLE_RATE } from './browser-messages.ts';
import { socketHeartbeat } from './socket-heartbeat';

/** What an operator ticket grants: joining one waiting call of one project, as one person, for one handoff. */
export interface OperatorGrant {
  projectId: string;
  callId: string;
  handoffId: string;
  userId: string;
}

export interface OperatorEndpointOptions {
  gateway: VoiceGateway;
  /** Single-use tickets the web app signs for the operator who accepted; null when invalid, expired or used. */
  verifyTicket: (ticket: string) => Promise<OperatorGrant | null>;
  logger: Logger;
}

const HEARTBEAT_MS = 15_000;

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves the operator's side of a handoff: the browser's microphone and speaker become a leg bridged to the
 * caller waiting in a queue (hold tone and announcements stop). No ticket, or a bad one: 401. A call that is
 * not here or not of the ticket's project: 404. A call no longer waiting for a person: 409.
 */
export function attachOperatorEndpoint(server: Server, options: OperatorEndpointOptions): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const { gateway, logger } = options;
  const heartbeat = socketHeartbeat(server, HEARTBEAT_MS);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== OPERATOR_WS_PATH) return;
    socket.on('error', () => undefined);
    void accept(req, socket, head, url.searchParams.get('ticket') ?? '');
  });

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, ticket: string): Promise<void> {
    let grant: OperatorGrant | null = null;
    try {
      grant = ticket ? await options.verifyTicket(ticket) : null;
    } catch (error) {
      logger.error({ err: error }, 'operator ticket check failed');
      return refuse(socket, 500, 'Internal Server Error');
    }
    if (!grant) return refuse(socket, 401, 'Unauthorized');
    const call = gateway.call(grant.callId);
    if (!call || call.projectId !== grant.projectId) return refuse(socket, 404, 'Not Found');
    if (socket.destroyed) return;
    const accepted = grant;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const leg = new BrowserMediaLeg(ws, `op-${randomUUID()}`, accepted.userId, accepted.callId, logger);
      const joined = call.session.connectOperator(leg, {
        userId: accepted.userId,
        handoffId: accepted.handoffId,
      });
      if (!joined) {
        leg.send({
          type: 'error',
          code: 'not_waiting',
          message: 'This call is no longer waiting for a person.',
        });
        void leg.hangup('local_hangup');
        return;
      }
      leg.onReturn = (nodeId, variables) => {
        if (!call.session.returnToBot(leg, nodeId, variables))
          leg.send({ type: 'error', code: 'not_returned', message: 'The caller could not be handed back.' });
      };
      heartbeat.watch(ws);
      leg.send({ type: 'ready', callId: accepted.callId, sampleRate: BROWSER_SAMPLE_RATE, frameMs: 20 });
      logger.info({ callId: accepted.callId, userId: accepted.userId }, 'operator joined over the browser');
    });
  }
}
