import { authContext } from '../auth/auth-context.server.ts';
import type { VoiceCallEvent } from '../calls/call-events.ts';
import { publishEvent } from './publish-event.ts';

/**
 * A studio text conversation's turn and end on the bus, after its records are written, so open Inboxes
 * (and webhooks) hear of it like of any call. Its start is not published: it has no live-board row, and
 * the monitor follows calls that carry audio. Never fails the turn: a Redis hiccup only delays the Inbox.
 */
export async function publishTestConsoleEvents(projectId: string, events: VoiceCallEvent[]): Promise<void> {
  const redis = authContext().redis;
  for (const event of events) {
    if (event.type === 'turn.completed') {
      const callerText = event.input?.trim() ? event.input : undefined;
      await publishEvent(redis, {
        type: 'turn.completed',
        projectId,
        at: event.at,
        data: {
          callId: event.callId,
          turn: event.turn,
          ...(callerText ? { callerText } : {}),
          reply: event.reply,
          ...(event.nodePath.at(-1) ? { nodeId: event.nodePath.at(-1) } : {}),
          nodePath: event.nodePath,
          latencyMs: event.timings.runtimeMs,
        },
      });
    } else if (event.type === 'call.ended') {
      await publishEvent(redis, {
        type: 'call.ended',
        projectId,
        at: event.at,
        data: {
          callId: event.callId,
          reason: event.reason,
          durationMs: event.durationMs,
          turns: event.turns,
        },
      });
    }
  }
}
