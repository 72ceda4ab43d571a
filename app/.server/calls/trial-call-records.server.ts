import type { TurnTrace } from '#flow-runtime/index';
import type { VoiceCallEvent } from './call-events.ts';
import { traceDetails } from './trace-details.ts';
import { db } from '../db.ts';
import { applyCallEvents } from './call-writer.server.ts';
import { publishTestConsoleEvents } from '../events/test-console-events.ts';

export interface TestTurnRecord {
  session: {
    id: string;
    projectId: string;
    agentId: string;
    versionId: string | null;
    createdById: string | null;
  };
  index: number;
  input: { start: true } | { text: string } | { dtmf: string };
  replies: string[];
  trace: TurnTrace;
  ended: boolean;
  /** How it ended, when `ended`: the flow hung up (the default) or transferred. */
  endReason?: 'flow_hangup' | 'transferred';
  disposition?: string;
}

/** The gateway's call id of a test-console conversation. */
export const testCallId = (sessionId: string) => `test-${sessionId}`;

/**
 * A test-console turn becomes a call turn, through the same writer as phone calls (the same events a
 * gateway would report), so the Inbox shows studio conversations beside real ones.
 */
export async function recordTestTurn(record: TestTurnRecord, now = Date.now()): Promise<void> {
  const { session, index, input, trace } = record;
  const callId = testCallId(session.id);
  const events: VoiceCallEvent[] = [];
  if (index === 0) {
    events.push({
      type: 'call.started',
      callId,
      at: now,
      projectId: session.projectId,
      agentId: session.agentId,
      ...(session.versionId ? { versionId: session.versionId } : {}),
      from: session.createdById ? `studio:${session.createdById}` : 'studio',
      to: 'test-console',
      sampleRate: 16000,
      direction: 'test',
    });
  }
  const text = 'text' in input ? input.text : 'dtmf' in input ? input.dtmf : undefined;
  const llm = trace.llmCalls.find((call) => call.firstTokenMs !== undefined);
  events.push({
    type: 'turn.completed',
    callId,
    at: now,
    turn: index,
    trigger: 'start' in input ? 'start' : 'dtmf' in input ? 'dtmf' : 'utterance',
    ...(text === undefined ? {} : { input: text, confidence: 1, speechStartAt: now, speechEndAt: now }),
    reply: record.replies.join(' '),
    nodePath: trace.path.map((step) => step.nodeId),
    timings: {
      runtimeMs: trace.durationMs,
      ...(llm?.firstTokenMs === undefined ? {} : { llmFirstTokenMs: llm.firstTokenMs }),
    },
    filler: false,
    replyAt: now,
    ...traceDetails(trace),
  });
  if (record.ended) {
    const started = await db().call.findFirst({ where: { externalId: callId }, select: { startedAt: true } });
    events.push({
      type: 'call.ended',
      callId,
      at: now,
      reason: record.endReason ?? 'flow_hangup',
      disposition: record.disposition ?? 'completed',
      durationMs: started ? Math.max(0, now - started.startedAt.getTime()) : 0,
      turns: index + 1,
    });
  }
  await applyCallEvents(
    db(),
    events.map((event, i) => ({ sourceId: `test:${index}:${i}`, event })),
  );
  await publishTestConsoleEvents(session.projectId, events).catch(() => undefined);
  if (index === 0) {
    // The card draws a draft's path from the session's graph snapshot.
    await db().call.updateMany({
      where: { externalId: callId, projectId: session.projectId },
      data: { testSessionId: session.id },
    });
  }
}

/** Ends the call record of a test conversation the person left, so no "Live" badge outlives it. */
export async function endTestCall(projectId: string, sessionId: string, now = Date.now()): Promise<void> {
  const callId = testCallId(sessionId);
  const call = await db().call.findFirst({
    where: { externalId: callId, projectId, endedAt: null },
    select: { startedAt: true, _count: { select: { turns: true } } },
  });
  if (!call) return;
  await applyCallEvents(db(), [
    {
      sourceId: 'test:end',
      event: {
        type: 'call.ended',
        callId,
        at: now,
        reason: 'local_hangup',
        disposition: 'abandoned',
        durationMs: Math.max(0, now - call.startedAt.getTime()),
        turns: call._count.turns,
      },
    },
  ]);
}
