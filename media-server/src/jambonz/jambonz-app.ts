/**
 * Our flows as a jambonz WebSocket application: an existing jambonz cluster points an application at
 * `ws(s)://<media server>/jambonz/v1/ws`; each call's `session:new` is routed by the dialled number like a
 * SIP call here, the flow's turns run in our turn service, and their commands go back as jambonz verbs.
 * Calls over one socket are independent; turns of one call are answered in order.
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { ConversationNotFoundError } from '../conversation/conversation-store.ts';
import type { Logger } from '#server/logger.ts';
import type { InboundRoute } from '#server/telephony/inbound-route.server.ts';
import type { CallEventSink } from '#server/calls/call-events.ts';
import { presentsToken } from '../turns/turn-auth.ts';
import type { TurnService } from '../turns/turn-service.ts';
import { JambonzCallRecord } from './jambonz-call-record.ts';
import { commandsToVerbs, TURN_HOOK } from './commands-to-verbs.ts';
import {
  JAMBONZ_SUBPROTOCOL,
  jambonzInbound,
  type JambonzAck,
  type JambonzInbound,
} from './jambonz-messages.ts';

export const JAMBONZ_WS_PATH = '/jambonz/v1/ws';

export interface JambonzAppOptions {
  service: TurnService;
  routeDialled: (user: string) => Promise<InboundRoute>;
  /** jambonz sends the application's basic-auth password; unset = no jambonz calls (they control calls). */
  token: string | undefined;
  logger: Logger;
  /** Where the calls' events go (the call records); unset = jambonz calls are not recorded. */
  events?: CallEventSink;
}

/**
 * jambonz authenticates WebSocket apps with HTTP basic auth; the password is our token. A jambonz
 * application starts, drives and ends calls, so it always needs the token, from loopback too.
 */
function allowed(req: IncomingMessage, token: string | undefined): boolean {
  return token !== undefined && presentsToken(req, token, true);
}

/** The dialled user of a jambonz `to` (a number or a SIP URI). */
function dialledUser(to: string | undefined): string {
  const value = to ?? '';
  const sip = /^sips?:([^@;>]+)@/i.exec(value);
  return sip?.[1] ?? value;
}

export function attachJambonzApp(server: Server, options: JambonzAppOptions): { close(): void } {
  const { service, logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 512 * 1024,
    handleProtocols: (protocols) => (protocols.has(JAMBONZ_SUBPROTOCOL) ? JAMBONZ_SUBPROTOCOL : false),
  });

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== JAMBONZ_WS_PATH) return;
    if (!allowed(req, options.token))
      return void socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    /** Per call: the turn chain (answers in order), whether the flow is still running, and its record. */
    type JambonzCall = { chain: Promise<void>; ended: boolean; record?: JambonzCallRecord };
    const calls = new Map<string, JambonzCall>();
    const send = (ack: JambonzAck) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(ack));
    const inCall = (callSid: string, task: (call: JambonzCall) => Promise<void>) => {
      const call = calls.get(callSid) ?? { chain: Promise.resolve(), ended: false };
      calls.set(callSid, call);
      call.chain = call.chain
        .then(() => task(call))
        .catch((error: unknown) => logger.error({ err: error, callSid }, 'jambonz turn failed'));
    };

    const handle = (message: JambonzInbound) => {
      switch (message.type) {
        case 'session:new':
          return inCall(message.call_sid, async (call) => {
            const route = await options.routeDialled(dialledUser(message.data.to));
            if (!route.ok) {
              logger.info({ callSid: message.call_sid, status: route.status }, 'jambonz call refused');
              call.ended = true;
              return void send({ type: 'ack', msgid: message.msgid, data: [{ verb: 'hangup' }] });
            }
            const direction = message.data.direction === 'outbound' ? 'outbound' : 'inbound';
            if (options.events) {
              call.record = new JambonzCallRecord(options.events, `jambonz:${message.call_sid}`);
              call.record.started(route, {
                from: message.data.from ?? '',
                to: message.data.to ?? '',
                direction,
              });
            }
            // The dialled number's project: its knowledge and credentials are the only ones the call reaches.
            const out = await service.start(
              {
                callId: `jambonz:${message.call_sid}`,
                flow: route.flow as unknown as Record<string, unknown>,
                caller: { number: message.data.from, name: message.data.caller_name },
                callee: message.data.to,
                direction,
              },
              route.projectId,
            );
            call.record?.turn(out, 'start');
            call.ended = out.ended;
            send({ type: 'ack', msgid: message.msgid, data: commandsToVerbs(out.commands) });
          });
        case 'verb:hook':
          return inCall(message.call_sid, async (call) => {
            if (message.hook !== TURN_HOOK || call.ended)
              return void send({ type: 'ack', msgid: message.msgid });
            const { speech, digits, reason } = message.data;
            const best = speech?.alternatives[0];
            const event =
              digits && digits.length > 0
                ? { type: 'dtmf' as const, digits }
                : best && best.transcript.trim()
                  ? {
                      type: 'utterance' as const,
                      text: best.transcript,
                      ...(best.confidence !== undefined ? { confidence: best.confidence } : {}),
                      ...(speech?.language_code ? { language: speech.language_code } : {}),
                    }
                  : { type: 'silence' as const };
            if (reason === 'error') logger.warn({ callSid: message.call_sid }, 'jambonz gather error');
            let out;
            try {
              out = await service.event(`jambonz:${message.call_sid}`, event);
            } catch (error) {
              if (!(error instanceof ConversationNotFoundError)) throw error;
              // The conversation is gone (its project was deleted, or it expired): hang up, not hang.
              call.ended = true;
              return void send({ type: 'ack', msgid: message.msgid, data: [{ verb: 'hangup' }] });
            }
            call.record?.turn(
              out,
              event.type,
              event.type === 'dtmf'
                ? { text: event.digits }
                : event.type === 'utterance'
                  ? {
                      text: event.text,
                      ...(event.confidence === undefined ? {} : { confidence: event.confidence }),
                    }
                  : undefined,
            );
            call.ended = out.ended;
            send({ type: 'ack', msgid: message.msgid, data: commandsToVerbs(out.commands) });
          });
        case 'call:status': {
          const status = message.data.call_status;
          if (status === 'completed' || status === 'failed' || status === 'no-answer' || status === 'busy') {
            return inCall(message.call_sid, async (call) => {
              calls.delete(message.call_sid);
              call.record?.ended(message.data, call.ended);
              if (call.ended) return;
              call.ended = true;
              await service.end(`jambonz:${message.call_sid}`).catch(() => undefined);
            });
          }
          return;
        }
        case 'session:redirect':
          return void send({ type: 'ack', msgid: message.msgid });
        case 'jambonz:error':
          return void logger.warn({ data: message.data }, 'jambonz reported an error');
        case 'verb:status':
          return;
      }
    };

    ws.on('message', (data) => {
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return void logger.warn('unreadable message from jambonz dropped');
      }
      const parsed = jambonzInbound.safeParse(json);
      if (!parsed.success)
        return void logger.debug({ type: (json as { type?: unknown })?.type }, 'jambonz message ignored');
      handle(parsed.data);
    });
    ws.on('close', () => {
      for (const [callSid, call] of calls) {
        // The socket went before jambonz said how the call ended: it ended for us all the same.
        call.record?.ended({}, call.ended);
        if (!call.ended) void service.end(`jambonz:${callSid}`).catch(() => undefined);
      }
      calls.clear();
    });
  });

  return { close: () => wss.close() };
}
