import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '#server/logger.ts';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';
import type { CallSettingsInput } from '../call/call-settings.ts';
import type { VoiceGateway } from '../call/voice-gateway.ts';
import { JAMBONZ_WS_PATH } from '../jambonz/jambonz-app.ts';
import { TURN_WS_PATH } from '../turns/turn-ws.ts';
import { LISTEN_WS_PATH } from '../../../app/lib/monitor/listen-messages.ts';
import { OPERATOR_WS_PATH } from '../../../app/lib/handoffs/operator-audio-messages.ts';
import { BrowserMediaLeg } from './browser-media-leg.ts';
import { BROWSER_SAMPLE_RATE, VOICE_WS_PATH, type ServerMessage } from './browser-messages.ts';
import { socketHeartbeat } from './socket-heartbeat';

/** What a ticket grants: one browser call of a project, running this flow. */
export interface VoiceTicketGrant {
  projectId: string;
  /** For the call record: the agent, and the version (none for a draft). */
  agentId?: string;
  versionId?: string;
  /** The agent version's flow JSON (draft or published: the studio tests drafts too). */
  flow: unknown;
  /** Shown as the caller in logs and events (the user's name or id). */
  caller?: string;
  /** The project's call settings (maximum length, recording, end silence). */
  settings?: CallSettingsInput;
}

export interface BrowserVoiceOptions {
  gateway: VoiceGateway;
  /** Short-lived tickets issued by the app to a signed-in user; null when invalid or expired. */
  verifyTicket: (ticket: string) => Promise<VoiceTicketGrant | null>;
  logger: Logger;
  settings?: CallSettingsInput;
}

export interface BrowserVoice {
  /** Refuses new browser calls; current ones continue (the registry's drain ends them). */
  drain(): void;
}

const HEARTBEAT_MS = 15_000;
/** WebSocket paths other listeners of the same server answer (the turn API, jambonz, supervisors' listen-in). */
const SERVED_ELSEWHERE = new Set([TURN_WS_PATH, JAMBONZ_WS_PATH, LISTEN_WS_PATH, OPERATOR_WS_PATH]);

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The console's view of a call: what it shows and the barge-in "clear" (sent by the leg itself). */
function toClientMessage(event: VoiceCallEvent): ServerMessage | null {
  switch (event.type) {
    case 'call.state':
      return { type: 'state', state: event.state };
    case 'call.transcript':
      return { type: 'transcript', text: event.text, final: event.final };
    case 'call.reply':
      return { type: 'reply', text: event.text };
    case 'turn.completed':
      return {
        type: 'turn',
        nodePath: event.nodePath,
        turn: event.turn,
        ...(event.providers ? { providers: event.providers } : {}),
      };
    case 'call.provider_failed': {
      const { stage, provider, replacedBy, code } = event;
      return { type: 'provider_failed', stage, provider, replacedBy, code };
    }
    default:
      return null;
  }
}

/**
 * Serves browser calls on `/voice/v1/ws?ticket=…` of the media HTTP server. The ticket is checked and a
 * place reserved (project limit, drain) before the upgrade, so a refused caller gets a plain HTTP error.
 */
export function attachBrowserVoice(server: Server, options: BrowserVoiceOptions): BrowserVoice {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const heartbeat = socketHeartbeat(server, HEARTBEAT_MS);
  let draining = false;
  const { gateway, logger } = options;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== VOICE_WS_PATH) {
      // The turn API's and jambonz's listeners answer their own paths; nothing else is served.
      if (!SERVED_ELSEWHERE.has(url.pathname)) refuse(socket, 404, 'Not Found');
      return;
    }
    socket.on('error', () => undefined); // a peer that vanishes during the checks below
    void accept(req, socket, head, url.searchParams.get('ticket') ?? '');
  });

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, ticket: string): Promise<void> {
    if (draining || gateway.registry.draining) return refuse(socket, 503, 'Service Unavailable');
    let grant: VoiceTicketGrant | null = null;
    try {
      grant = ticket ? await options.verifyTicket(ticket) : null;
    } catch (error) {
      logger.error({ err: error }, 'voice ticket check failed');
      return refuse(socket, 500, 'Internal Server Error');
    }
    if (!grant) return refuse(socket, 401, 'Unauthorized');
    const admission = gateway.admit(grant.projectId);
    if (!admission.ok) {
      logger.info({ projectId: grant.projectId, reason: admission.refused }, 'browser call refused');
      return admission.refused === 'project_limit'
        ? refuse(socket, 429, 'Too Many Requests')
        : refuse(socket, 503, 'Service Unavailable');
    }
    if (socket.destroyed) return admission.release();
    const accepted = grant;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const callId = `web-${randomUUID()}`;
      const leg = new BrowserMediaLeg(ws, callId, accepted.caller ?? 'browser', accepted.projectId, logger);
      heartbeat.watch(ws);
      leg.send({ type: 'ready', callId, sampleRate: BROWSER_SAMPLE_RATE, frameMs: 20 });
      admission.start(leg, {
        flow: accepted.flow,
        direction: 'browser',
        ...(accepted.agentId ? { agentId: accepted.agentId } : {}),
        ...(accepted.versionId ? { versionId: accepted.versionId } : {}),
        settings: { ...options.settings, ...accepted.settings },
        events: (event) => {
          const message = toClientMessage(event);
          if (message) leg.send(message);
        },
      });
    });
  }

  return {
    drain() {
      draining = true;
    },
  };
}
