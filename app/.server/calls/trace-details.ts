import type { TurnTrace } from '#flow-runtime/index';
import type { VoiceCallEventOf } from './call-events.ts';

type TurnDetails = Pick<VoiceCallEventOf<'turn.completed'>, 'toolCalls' | 'variables' | 'knowledge'>;

/**
 * What a turn's trace adds to its `turn.completed` event for the call record: tool calls, variables set,
 * and the knowledge passages found (the call card shows which ones an answer could cite). Empty parts
 * are left out. Phone calls and test-console conversations report the same way.
 */
export function traceDetails(trace: TurnTrace | undefined): TurnDetails {
  if (!trace) return {};
  const details: TurnDetails = {};
  if (trace.toolCalls.length > 0) {
    details.toolCalls = trace.toolCalls.map((call) => ({
      nodeId: call.nodeId,
      name: call.name,
      args: call.args,
      ok: call.ok,
      durationMs: call.durationMs,
      ...(call.error === undefined ? {} : { error: call.error }),
      ...(call.result === undefined ? {} : { result: call.result }),
      ...(call.status === undefined ? {} : { status: call.status }),
    }));
  }
  if (trace.variableChanges.length > 0)
    details.variables = Object.fromEntries(
      trace.variableChanges.map((change) => [change.name, change.after]),
    );
  if (trace.knowledgeQueries.length > 0) {
    details.knowledge = trace.knowledgeQueries.map((q) => ({
      nodeId: q.nodeId,
      query: q.query,
      chunks: q.chunks.map((c) => ({ id: c.id, source: c.source, score: c.score })),
    }));
  }
  return details;
}
