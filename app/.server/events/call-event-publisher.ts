import type { Redis } from 'ioredis';
import type { CallEventSink, VoiceCallEvent } from '../calls/call-events.ts';
import type { Logger } from '../logger.ts';
import {
  CallAlertTracker,
  DEFAULT_ALERT_RULES,
  type AlertRules,
  type RaisedAlert,
} from '../monitor/alert-rules.ts';
import { queueEnded, queueLine, queueRow, type LiveCall } from '../monitor/live-board.ts';
import { sentimentOf } from '../monitor/sentiment.ts';
import { envelopeOf, queueEvent, type PublishInput } from './publish-event.ts';
import type { EventType } from './event-catalogue.ts';
import { STREAMS } from './event-streams.ts';

export interface CallEventPublisherOptions {
  redis: Redis;
  logger: Logger;
  /** The project's alert rules (cached by the caller); a failure means no alerts for that call. */
  rulesFor: (projectId: string) => Promise<AlertRules>;
  /** The raw telemetry stream (events:calls unless a test names its own). */
  rawStream?: string;
  tickMs?: number;
  now?: () => number;
  /**
   * Runs each Redis write (default: at once, a failure logged). The media server passes its outbox, so that
   * while Redis is away the writes wait in order instead of being lost.
   */
  submit?: (write: () => Promise<unknown>) => void;
}

interface LiveState {
  row: LiveCall;
  tracker: CallAlertTracker;
  listening: boolean;
  transferred: boolean;
  lastTurns: { callerText?: string; reply: string }[];
}

export interface CallEventPublisher {
  sink: CallEventSink;
  close(): void;
}

/**
 * The media server's side of the bus. Every call event goes to the raw stream (the call records writer reads
 * it) and, when it is a domain fact, to the bus with the call's project, together with the live monitor's
 * row and transcript, in one MULTI: a monitor snapshot never misses what the stream already said. The alert
 * rules run here because this process sees each of its calls' events in order and owns their clocks.
 * Like the sink it replaces it never throws and never blocks the call: a Redis hiccup is logged.
 */
export function createCallEventPublisher(options: CallEventPublisherOptions): CallEventPublisher {
  const { redis, logger } = options;
  const now = options.now ?? Date.now;
  const rawStream = options.rawStream ?? STREAMS.calls;
  const calls = new Map<string, LiveState>();

  const submit =
    options.submit ??
    ((write: () => Promise<unknown>) =>
      void write().catch((error: unknown) => logger.warn({ err: error }, 'call event not stored')));

  const commit = (event: VoiceCallEvent, build?: (chain: ReturnType<Redis['multi']>) => void) =>
    submit(() => {
      const chain = redis.multi();
      chain.xadd(rawStream, 'MAXLEN', '~', '100000', '*', 'type', event.type, 'event', JSON.stringify(event));
      try {
        build?.(chain);
      } catch (error) {
        // A domain event that fails its schema is a bug: the raw event still goes out.
        logger.error({ err: error, callId: event.callId, type: event.type }, 'domain event not built');
      }
      return chain.exec();
    });

  const domain = <T extends EventType>(
    state: LiveState,
    type: T,
    data: PublishInput<T>['data'],
    at: number,
  ) => envelopeOf({ type, projectId: state.row.projectId, data, at });

  const raise = (state: LiveState, alerts: RaisedAlert[], at: number, chain: ReturnType<Redis['multi']>) => {
    for (const alert of alerts) {
      state.row.alerts = [...state.row.alerts, { ...alert, at }].slice(-10);
      queueEvent(
        chain,
        domain(
          state,
          'call.alert',
          { callId: state.row.callId, ...alert, lastTurns: state.lastTurns.slice(-5) },
          at,
        ),
      );
      queueLine(chain, state.row.callId, { at, speaker: 'alert', text: alert.message });
    }
    if (alerts.length > 0) queueRow(chain, state.row);
  };

  const timer = setInterval(() => {
    const at = now();
    for (const state of calls.values()) {
      const alerts = state.tracker.tick(at, state.listening);
      if (alerts.length === 0) continue;
      submit(() => {
        const chain = redis.multi();
        raise(state, alerts, at, chain);
        return chain.exec();
      });
    }
  }, options.tickMs ?? 1000);
  timer.unref();

  const sink: CallEventSink = (event) => {
    if (event.type === 'call.started') {
      if (!event.projectId) return commit(event);
      const row: LiveCall = {
        callId: event.callId,
        projectId: event.projectId,
        ...(event.agentId ? { agentId: event.agentId } : {}),
        ...(event.versionId ? { versionId: event.versionId } : {}),
        ...(event.campaignId ? { campaignId: event.campaignId } : {}),
        direction: event.direction,
        from: event.from,
        to: event.to,
        startedAt: event.at,
        turns: 0,
        alerts: [],
      };
      const state: LiveState = {
        row,
        listening: false,
        transferred: false,
        lastTurns: [],
        tracker: new CallAlertTracker(DEFAULT_ALERT_RULES, now()),
      };
      calls.set(event.callId, state);
      options
        .rulesFor(event.projectId)
        .then((rules) => state.tracker.setRules(rules))
        .catch((error: unknown) => logger.warn({ err: error }, 'alert rules not loaded; defaults apply'));
      const { callId, direction, from, to, agentId, versionId, campaignId } = event;
      return commit(event, (chain) => {
        queueEvent(
          chain,
          domain(
            state,
            'call.started',
            {
              callId,
              direction,
              from,
              to,
              ...(agentId ? { agentId } : {}),
              ...(versionId ? { versionId } : {}),
              ...(campaignId ? { campaignId } : {}),
            },
            event.at,
          ),
        );
        queueRow(chain, row);
      });
    }
    const state = calls.get(event.callId);
    if (!state) return commit(event);
    switch (event.type) {
      case 'call.state':
        state.listening = event.state === 'listening';
        return commit(event);
      case 'call.speech_started':
        if (event.accepted) state.tracker.callerSpoke(event.at);
        return commit(event);
      case 'turn.completed': {
        const nodeId = event.nodePath.at(-1);
        const sentiment = sentimentOf(event.input);
        const callerText = event.input?.trim() ? event.input : undefined;
        state.row = {
          ...state.row,
          turns: state.row.turns + 1,
          ...(nodeId ? { nodeId } : {}),
          ...(callerText ? { lastCallerText: callerText } : {}),
          ...(event.reply ? { lastReply: event.reply } : {}),
          ...(sentiment ? { sentiment } : {}),
        };
        state.lastTurns = [
          ...state.lastTurns,
          { ...(callerText ? { callerText } : {}), reply: event.reply },
        ].slice(-5);
        const alerts = state.tracker.turn(
          { trigger: event.trigger, ...(callerText ? { callerText } : {}), ...(nodeId ? { nodeId } : {}) },
          event.at,
        );
        const latencyMs = event.timings.responseMs ?? event.timings.runtimeMs;
        return commit(event, (chain) => {
          queueEvent(
            chain,
            domain(
              state,
              'turn.completed',
              {
                callId: event.callId,
                turn: event.turn,
                ...(callerText ? { callerText } : {}),
                reply: event.reply,
                ...(nodeId ? { nodeId } : {}),
                nodePath: event.nodePath,
                latencyMs,
                ...(sentiment ? { sentiment } : {}),
              },
              event.at,
            ),
          );
          if (callerText)
            queueLine(chain, event.callId, {
              at: event.speechEndAt ?? event.at,
              speaker: 'caller',
              text: callerText,
            });
          if (event.reply)
            queueLine(chain, event.callId, {
              at: event.replyAt ?? event.at,
              speaker: 'bot',
              text: event.reply,
              ...(nodeId ? { nodeId } : {}),
            });
          queueRow(chain, state.row);
          raise(state, alerts, event.at, chain);
        });
      }
      case 'call.transfer': {
        if (event.ok) {
          state.transferred = true;
          state.row.waitingSince ??= event.at;
          state.tracker.transferStarted(event.at);
        }
        return commit(event, (chain) => {
          queueEvent(
            chain,
            domain(
              state,
              'call.transferred',
              {
                callId: event.callId,
                target: `${event.target.kind}:${event.target.value}`,
                mode: event.mode,
                ok: event.ok,
              },
              event.at,
            ),
          );
          queueRow(chain, state.row);
        });
      }
      case 'call.ended': {
        calls.delete(event.callId);
        const transferred = state.transferred || event.reason === 'transferred';
        // Abandoned: the caller hung up before the bot got a word from them, or while waiting for an operator.
        const abandoned =
          event.reason === 'remote_hangup' && (state.row.turns <= 1 || state.row.waitingSince !== undefined);
        return commit(event, (chain) => {
          queueEvent(
            chain,
            domain(
              state,
              'call.ended',
              {
                callId: event.callId,
                reason: event.reason,
                ...(event.disposition ? { disposition: event.disposition } : {}),
                durationMs: event.durationMs,
                turns: event.turns,
                ...(event.recordingPath ? { recordingPath: event.recordingPath } : {}),
              },
              event.at,
            ),
          );
          queueEnded(chain, state.row, {
            durationMs: event.durationMs,
            transferred,
            abandoned,
            at: event.at,
          });
        });
      }
      default:
        return commit(event);
    }
  };

  return { sink, close: () => clearInterval(timer) };
}
