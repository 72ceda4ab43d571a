import type { MonitorRow, TranscriptLine } from '~/lib/monitor/monitor-views';
import { alertRuleKindSchema } from '~/lib/monitor/monitor-views';
import type { LiveEvent } from '../realtime/use-project-events';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The monitor's rows after one event: a new call is added (its agent's name comes with the next snapshot),
 * a turn moves its step and last words, an alert marks it, a transfer sets it waiting, an end removes it.
 * Pure, so the screen's state is a fold of the stream.
 */
export function applyLiveEvent(rows: MonitorRow[], event: LiveEvent, projectId: string): MonitorRow[] {
  const callId = str(event.data.callId);
  if (!callId) return rows;
  const index = rows.findIndex((r) => r.callId === callId);
  const update = (patch: (row: MonitorRow) => MonitorRow) =>
    index === -1 ? rows : rows.map((r, i) => (i === index ? patch(r) : r));
  switch (event.type) {
    case 'call.started': {
      if (index !== -1) return rows;
      const direction = str(event.data.direction);
      const row: MonitorRow = {
        callId,
        projectId,
        direction:
          direction === 'outbound' || direction === 'browser' || direction === 'test' ? direction : 'inbound',
        from: str(event.data.from) ?? '',
        to: str(event.data.to) ?? '',
        startedAt: event.at,
        turns: 0,
        alerts: [],
        agentName: null,
        ...(str(event.data.agentId) ? { agentId: str(event.data.agentId) } : {}),
        ...(str(event.data.versionId) ? { versionId: str(event.data.versionId) } : {}),
        ...(str(event.data.campaignId) ? { campaignId: str(event.data.campaignId) } : {}),
      };
      return [...rows, row];
    }
    case 'turn.completed':
      return update((row) => {
        const sentiment = str(event.data.sentiment);
        return {
          ...row,
          turns: row.turns + 1,
          ...(str(event.data.nodeId) ? { nodeId: str(event.data.nodeId) } : {}),
          ...(str(event.data.callerText) ? { lastCallerText: str(event.data.callerText) } : {}),
          ...(str(event.data.reply) ? { lastReply: str(event.data.reply) } : {}),
          ...(sentiment === 'negative' || sentiment === 'neutral' || sentiment === 'positive'
            ? { sentiment }
            : {}),
        };
      });
    case 'call.alert': {
      const rule = alertRuleKindSchema.safeParse(event.data.rule);
      if (!rule.success) return rows;
      return update((row) => ({
        ...row,
        alerts: [
          ...row.alerts,
          { rule: rule.data, message: str(event.data.message) ?? '', at: event.at },
        ].slice(-10),
      }));
    }
    case 'call.transferred':
      return event.data.ok === true
        ? update((row) => ({ ...row, waitingSince: row.waitingSince ?? event.at }))
        : rows;
    case 'call.ended':
      return index === -1 ? rows : rows.filter((r) => r.callId !== callId);
    default:
      return rows;
  }
}

/** A call's transcript after one of its events (turns give the caller's and the bot's lines). */
export function appendTranscript(lines: TranscriptLine[], event: LiveEvent): TranscriptLine[] {
  if (event.type === 'turn.completed') {
    const out = [...lines];
    const callerText = str(event.data.callerText);
    const reply = str(event.data.reply);
    const nodeId = str(event.data.nodeId);
    if (callerText) out.push({ at: event.at, speaker: 'caller', text: callerText });
    if (reply) out.push({ at: event.at, speaker: 'bot', text: reply, ...(nodeId ? { nodeId } : {}) });
    return out;
  }
  if (event.type === 'call.alert')
    return [...lines, { at: event.at, speaker: 'alert', text: str(event.data.message) ?? '' }];
  return lines;
}
