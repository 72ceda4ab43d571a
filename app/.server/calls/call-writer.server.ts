import {
  abandonHandoffOf,
  completeHandoffOf,
  enqueueHandoff,
  overflowHandoffOf,
} from '../handoffs/handoff-routing.server.ts';
import type { VoiceCallEvent, VoiceCallEventOf } from './call-events.ts';
import type { Db } from '../db.ts';

/** A Prisma transaction client: what every write below runs in. */
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** One event and where it came from (a stream entry id, or any id unique within the call). */
export interface SourcedEvent {
  sourceId: string;
  event: VoiceCallEvent;
}

/** The event names a call the writer does not know yet: retry later (its call.started is not in). */
export class CallNotYetKnown extends Error {
  constructor(readonly externalId: string) {
    super(`call ${externalId} has no call.started yet`);
  }
}

interface KnownCall {
  id: string;
  projectId: string;
  startedAt: Date;
}

const offset = (call: KnownCall, at: number | undefined) =>
  at === undefined ? null : Math.max(0, Math.round(at - call.startedAt.getTime()));

async function findCall(tx: Tx, externalId: string): Promise<KnownCall | null> {
  return tx.call.findFirst({
    where: { externalId },
    select: { id: true, projectId: true, startedAt: true },
  });
}

/**
 * Applies gateway events to the call records, idempotently: a call is keyed by the gateway's id, a turn by
 * (call, seq), an event by (call, source id), and aggregates are recomputed from the rows rather than
 * incremented, so a batch delivered twice leaves the same records. Returns the calls that ended.
 */
export async function applyCallEvents(db: Db, batch: SourcedEvent[]): Promise<{ ended: string[] }> {
  const ended: string[] = [];
  await db.$transaction(
    async (tx) => {
      const touched = new Map<string, KnownCall>();
      for (const { sourceId, event } of batch) {
        if (event.type === 'call.started') {
          const call = await startCall(tx, event);
          if (call) touched.set(call.id, call);
          continue;
        }
        if (!recorded(event)) continue;
        const call = await findCall(tx, event.callId);
        if (!call) throw new CallNotYetKnown(event.callId);
        touched.set(call.id, call);
        await applyToCall(tx, call, sourceId, event);
        if (event.type === 'call.ended') ended.push(call.id);
      }
      for (const call of touched.values()) await refreshAggregates(tx, call);
    },
    { timeout: 30_000 },
  );
  return { ended };
}

/** Events that change a record; the rest (partials, states, speech edges) are live-view only. */
function recorded(event: VoiceCallEvent): boolean {
  return [
    'turn.completed',
    'call.barge_in',
    // A provider that failed mid-call is on the record (issue 16): it was handled below but never let in.
    'call.provider_failed',
    'call.dead_air_filler',
    'call.dtmf',
    'call.transfer',
    'call.operator',
    'call.queue',
    'call.supervisor',
    'call.operator_line',
    'call.ended',
  ].includes(event.type);
}

async function startCall(tx: Tx, event: VoiceCallEventOf<'call.started'>): Promise<KnownCall | null> {
  if (!event.projectId) return null; // a gateway call outside any project (a bare test leg): nothing to file
  // A deleted project files nothing more: its rows are being removed (and once they are, a row would fail
  // on the missing project and hold back every call record after it).
  const project = await tx.project.findUnique({
    where: { id: event.projectId },
    select: { deletedAt: true },
  });
  if (!project || project.deletedAt) return null;
  const existing = await tx.call.findUnique({
    where: { projectId_externalId: { projectId: event.projectId, externalId: event.callId } },
    select: { id: true, projectId: true, startedAt: true },
  });
  if (existing) return existing;
  const version = event.versionId
    ? await tx.agentVersion.findFirst({
        where: { id: event.versionId, projectId: event.projectId },
        select: { number: true },
      })
    : null;
  const agent = event.agentId
    ? await tx.agent.findFirst({
        where: { id: event.agentId, projectId: event.projectId },
        select: { id: true },
      })
    : null;
  const startedAt = new Date(Math.round(event.at));
  const call = await tx.call.create({
    data: {
      projectId: event.projectId,
      externalId: event.callId,
      direction: event.direction,
      fromNumber: event.from,
      toNumber: event.to,
      agentId: agent?.id ?? null,
      versionId: version ? event.versionId! : null,
      versionNumber: version?.number ?? null,
      startedAt,
      answeredAt: startedAt,
      sampleRate: event.sampleRate,
    },
    select: { id: true, projectId: true, startedAt: true },
  });
  await tx.$executeRaw`
    INSERT INTO inbox.call_search (call_id, project_id, started_at)
    VALUES (${call.id}::uuid, ${call.projectId}::uuid, ${startedAt})
    ON CONFLICT (call_id) DO NOTHING`;
  return call;
}

/** Lines spoken with an operator are numbered from here, after any bot turn a call can have. */
const OPERATOR_SEQ_BASE = 1_000_000;

async function addEvent(
  tx: Tx,
  call: KnownCall,
  sourceId: string,
  type: string,
  at: number,
  data: object,
  extra: { turnIndex?: number; nodeId?: string | null } = {},
): Promise<void> {
  await tx.callEvent.upsert({
    where: { callId_sourceId: { callId: call.id, sourceId } },
    update: {},
    create: {
      projectId: call.projectId,
      callId: call.id,
      sourceId,
      type,
      at: new Date(Math.round(at)),
      offsetMs: offset(call, at) ?? 0,
      turnIndex: extra.turnIndex ?? null,
      nodeId: extra.nodeId ?? null,
      data,
    },
  });
}

async function applyToCall(tx: Tx, call: KnownCall, sourceId: string, event: VoiceCallEvent): Promise<void> {
  switch (event.type) {
    case 'turn.completed':
      return writeTurn(tx, call, sourceId, event);
    case 'call.barge_in':
      return addEvent(tx, call, sourceId, 'barge_in', event.at, {
        latencyMs: Math.round(event.latencyMs),
        droppedFrames: event.droppedFrames,
      });
    case 'call.provider_failed':
      return addEvent(tx, call, sourceId, 'provider_failed', event.at, {
        stage: event.stage,
        provider: event.provider,
        replacedBy: event.replacedBy,
        code: event.code,
        message: event.message.slice(0, 500),
      });
    case 'call.dead_air_filler':
      return addEvent(tx, call, sourceId, 'filler', event.at, { text: event.text, waitedMs: event.waitedMs });
    case 'call.dtmf':
      return addEvent(tx, call, sourceId, 'dtmf', event.at, {
        digits: event.digits,
        direction: event.direction,
      });
    case 'call.transfer': {
      const data = {
        target: event.target,
        mode: event.mode,
        ok: event.ok,
        ...(event.error ? { error: event.error } : {}),
      };
      await addEvent(tx, call, sourceId, 'transfer', event.at, data);
      if (event.ok && event.handoff !== undefined)
        await tx.call.update({ where: { id: call.id }, data: { handoff: event.handoff as object } });
      // A transfer to an operator queue: the caller now waits for a person (routing offers it from workers).
      if (event.ok && event.target.kind === 'queue') {
        const handoff = await enqueueHandoff(tx, {
          projectId: call.projectId,
          queueName: event.target.value,
          callId: call.id,
          packet: event.handoff,
        });
        await addEvent(tx, call, `${sourceId}:queued`, 'handoff', event.at, {
          status: handoff ? 'queued' : 'no_queue',
          queue: event.target.value,
          ...(handoff ? { handoffId: handoff.id } : {}),
        });
      }
      return;
    }
    case 'call.operator': {
      // The operator's audio reached the caller (or left): on the handoff and on the call's timeline.
      await addEvent(tx, call, sourceId, 'handoff', event.at, {
        status: { joined: 'connected', left: 'operator_left', returned: 'returned_to_bot' }[event.action],
        operatorUserId: event.operatorUserId,
        ...(event.handoffId ? { handoffId: event.handoffId } : {}),
        ...(event.nodeId ? { nodeId: event.nodeId } : {}),
      });
      // The operator's part is over (hung up, or handed back to the bot): finished, the operator to wrap-up.
      if (event.action !== 'joined') await completeHandoffOf(tx, call.id, new Date(Math.round(event.at)));
      if (event.action === 'joined' && event.handoffId)
        await tx.handoff.updateMany({
          where: { id: event.handoffId, callId: call.id, connectedAt: null },
          data: { connectedAt: new Date(Math.round(event.at)) },
        });
      return;
    }
    case 'call.supervisor':
      // Who stepped in from the monitor, and how (the audit log has the same from the web app's side).
      await addEvent(tx, call, sourceId, 'supervisor', event.at, {
        action: event.action,
        userId: event.userId,
      });
      return;
    case 'call.queue':
      // Out of the queue without a person (timed out, or closed by its hours): the queue's action follows.
      await addEvent(tx, call, sourceId, 'handoff', event.at, {
        status: event.action === 'closed' ? 'queue_closed' : 'timed_out',
        queue: event.queue,
        then: event.then,
        ...(event.target ? { target: event.target } : {}),
      });
      await overflowHandoffOf(tx, call.id, new Date(Math.round(event.at)));
      return;
    case 'call.operator_line':
      // After the bot's turns (which count up from 0 by twos): the conversation with a person, in order.
      await tx.callTurn.upsert({
        where: { callId_seq: { callId: call.id, seq: OPERATOR_SEQ_BASE + event.seq } },
        update: {},
        create: {
          projectId: call.projectId,
          callId: call.id,
          seq: OPERATOR_SEQ_BASE + event.seq,
          turnIndex: OPERATOR_SEQ_BASE + event.seq,
          speaker: event.speaker,
          text: event.text,
          startMs: offset(call, event.startAt),
          endMs: offset(call, event.endAt),
        },
      });
      return;
    case 'call.ended': {
      await tx.call.update({
        where: { id: call.id },
        data: {
          status: 'ended',
          endedAt: new Date(Math.round(event.at)),
          durationMs: Math.round(event.durationMs),
          endReason: event.reason,
          disposition: event.disposition ?? (event.reason === 'error' ? 'error' : event.reason),
          sipCause: event.sipCause ?? null,
        },
      });
      await abandonHandoffOf(tx, call.id, new Date(Math.round(event.at)));
      await completeHandoffOf(tx, call.id, new Date(Math.round(event.at)));
      if (event.error)
        await addEvent(tx, call, `${sourceId}:error`, 'error', event.at, { message: event.error });
      if (event.recordingPath) {
        const fields = { path: event.recordingPath, durationMs: Math.round(event.durationMs) };
        const sampleRate = await tx.call.findUnique({ where: { id: call.id }, select: { sampleRate: true } });
        await tx.callRecording.upsert({
          where: { callId: call.id },
          update: fields,
          create: {
            ...fields,
            projectId: call.projectId,
            callId: call.id,
            sampleRate: sampleRate?.sampleRate ?? null,
          },
        });
      }
      return;
    }
    default:
      return;
  }
}

async function writeTurn(
  tx: Tx,
  call: KnownCall,
  sourceId: string,
  event: VoiceCallEventOf<'turn.completed'>,
): Promise<void> {
  const base = { projectId: call.projectId, callId: call.id, turnIndex: event.turn, trigger: event.trigger };
  // A caller's speech that was not recognised is a turn too (empty text, its audio playable), not nothing.
  const unrecognised = event.input === '' && event.trigger === 'utterance';
  if (event.input !== undefined && (event.input !== '' || unrecognised) && event.trigger !== 'start') {
    const caller = {
      ...base,
      seq: event.turn * 2,
      speaker: 'caller',
      text: event.input,
      startMs: offset(call, event.speechStartAt),
      endMs: offset(call, event.speechEndAt),
      confidence: event.confidence ?? null,
    };
    await tx.callTurn.upsert({
      where: { callId_seq: { callId: call.id, seq: caller.seq } },
      update: {},
      create: caller,
    });
  }
  const nodeId = event.nodePath.at(-1) ?? null;
  const timings = event.timings;
  const agent = {
    ...base,
    seq: event.turn * 2 + 1,
    speaker: 'agent',
    text: event.reply,
    startMs: offset(call, event.replyAt),
    nodeId,
    nodePath: event.nodePath,
    // The providers that served the turn travel with its timings (stage timings name the provider).
    timings: event.providers ? { ...timings, providers: event.providers } : timings,
    responseMs:
      timings.responseMs !== undefined
        ? Math.round(timings.responseMs)
        : timings.firstAudioMs !== undefined
          ? Math.round(timings.firstAudioMs)
          : null,
    filler: event.filler,
  };
  await tx.callTurn.upsert({
    where: { callId_seq: { callId: call.id, seq: agent.seq } },
    update: {},
    create: agent,
  });
  for (const [i, tool] of (event.toolCalls ?? []).entries()) {
    await addEvent(tx, call, `${sourceId}:tool:${i}`, 'tool_call', event.at, tool, {
      turnIndex: event.turn,
      nodeId: tool.nodeId,
    });
  }
  for (const [i, search] of (event.knowledge ?? []).entries()) {
    await addEvent(tx, call, `${sourceId}:knowledge:${i}`, 'knowledge', event.at, search, {
      turnIndex: event.turn,
      nodeId: search.nodeId,
    });
  }
  if (event.variables && Object.keys(event.variables).length > 0) {
    // Later turns overwrite earlier values; a replayed turn writes the same values again.
    await tx.$executeRaw`
      UPDATE calls SET variables = variables || ${JSON.stringify(event.variables)}::jsonb
      WHERE id = ${call.id}::uuid`;
  }
}

/** Counts, path, latency and the search document, recomputed from the rows (idempotent by construction). */
async function refreshAggregates(tx: Tx, call: KnownCall): Promise<void> {
  await tx.$executeRaw`
    UPDATE calls SET
      "turnCount" = (SELECT count(*)::int FROM call_turns WHERE "callId" = ${call.id}::uuid AND speaker = 'agent'),
      "path" = (
        SELECT coalesce(array_agg(p.n ORDER BY t.seq, p.ord), '{}')
        FROM call_turns t, unnest(t."nodePath") WITH ORDINALITY AS p(n, ord)
        WHERE t."callId" = ${call.id}::uuid),
      "avgResponseMs" = (SELECT round(avg("responseMs"))::int FROM call_turns WHERE "callId" = ${call.id}::uuid),
      "maxResponseMs" = (SELECT max("responseMs") FROM call_turns WHERE "callId" = ${call.id}::uuid),
      "updatedAt" = now()
    WHERE id = ${call.id}::uuid`;
  await refreshSearchText(tx, call.id);
}

/** The call's search document: every line of the transcript, then the post-call summary and outcomes. */
export async function refreshSearchText(tx: Pick<Tx, '$executeRaw'>, callId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE inbox.call_search s SET text = concat_ws(E'\n',
      (SELECT string_agg(text, E'\n' ORDER BY seq) FROM call_turns WHERE "callId" = ${callId}::uuid AND text <> ''),
      (SELECT summary FROM calls WHERE id = ${callId}::uuid),
      (SELECT string_agg(value, ' ') FROM calls, jsonb_each_text(outcomes) WHERE id = ${callId}::uuid))
    WHERE s.call_id = ${callId}::uuid`;
}
