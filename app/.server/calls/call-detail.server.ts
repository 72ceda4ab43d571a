import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { stageProvidersSchema, type StageProviders } from './call-events.ts';

export const callNotFound = () => new ServiceError(404, 'call_not_found', 'No such call in this project.');

export interface FlowMapNode {
  id: string;
  type: string;
  label: string;
  x: number;
  y: number;
}

export interface FlowMap {
  nodes: FlowMapNode[];
  edges: { source: string; target: string }[];
}

/** Node positions and edges of a flow graph, enough to draw the call's path (not the studio canvas). */
export function flowMapOf(graph: unknown): FlowMap | null {
  if (!graph || typeof graph !== 'object') return null;
  const g = graph as { nodes?: unknown; edges?: unknown };
  if (!Array.isArray(g.nodes)) return null;
  const nodes: FlowMapNode[] = [];
  for (const raw of g.nodes as Record<string, unknown>[]) {
    if (typeof raw?.id !== 'string') continue;
    const position = (raw.position ?? {}) as { x?: unknown; y?: unknown };
    const data = (raw.data ?? {}) as Record<string, unknown>;
    const label = [data.label, data.name, data.title].find((v) => typeof v === 'string' && v) as
      string | undefined;
    nodes.push({
      id: raw.id,
      type: typeof raw.type === 'string' ? raw.type : 'node',
      label: label ?? raw.id,
      x: typeof position.x === 'number' ? position.x : 0,
      y: typeof position.y === 'number' ? position.y : 0,
    });
  }
  const edges = Array.isArray(g.edges)
    ? (g.edges as Record<string, unknown>[]).flatMap((e) =>
        typeof e?.source === 'string' && typeof e?.target === 'string'
          ? [{ source: e.source, target: e.target }]
          : [],
      )
    : [];
  return { nodes, edges };
}

/** Consecutive repeats collapse: a node that waited for the caller resumes the next turn. */
export function collapsePath(path: string[]): string[] {
  return path.filter((node, i) => node !== path[i - 1]);
}

/** Everything the call card shows: transcript, events, variables, handoff, path with the flow's layout. */
export async function getCallDetail(projectId: string, callId: string) {
  const call = await db().call.findFirst({
    where: { id: callId, projectId },
    include: {
      turns: { orderBy: { seq: 'asc' } },
      events: { orderBy: [{ at: 'asc' }, { sourceId: 'asc' }] },
      recording: { select: { format: true, channels: true, sampleRate: true, durationMs: true } },
      issues: { orderBy: { createdAt: 'desc' } },
    },
  });
  if (!call) throw callNotFound();
  const operatorHandoff = await db().handoff.findFirst({
    where: { callId: call.id, projectId },
    orderBy: { createdAt: 'desc' },
    include: { queue: { select: { name: true } } },
  });
  const [agent, graph] = await Promise.all([
    call.agentId
      ? db().agent.findFirst({ where: { id: call.agentId, projectId }, select: { id: true, name: true } })
      : null,
    call.versionId
      ? db()
          .agentVersion.findFirst({ where: { id: call.versionId, projectId }, select: { graph: true } })
          .then((v) => v?.graph)
      : call.testSessionId
        ? db()
            .testSession.findFirst({ where: { id: call.testSessionId, projectId }, select: { graph: true } })
            .then((s) => s?.graph)
        : null,
  ]);
  return {
    call: {
      id: call.id,
      direction: call.direction,
      from: call.fromNumber,
      to: call.toNumber,
      agent,
      versionId: call.versionId,
      versionNumber: call.versionNumber,
      testSessionId: call.testSessionId,
      status: call.status,
      startedAt: call.startedAt.toISOString(),
      answeredAt: call.answeredAt?.toISOString() ?? null,
      endedAt: call.endedAt?.toISOString() ?? null,
      durationMs: call.durationMs,
      endReason: call.endReason,
      disposition: call.disposition,
      sipCause: call.sipCause,
      tags: call.tags,
      variables: call.variables as Record<string, unknown>,
      handoff: call.handoff,
      operatorHandoff: operatorHandoff
        ? {
            id: operatorHandoff.id,
            queueName: operatorHandoff.queue.name,
            status: operatorHandoff.status,
            operatorUserId: operatorHandoff.operatorUserId,
            acceptedAt: operatorHandoff.acceptedAt?.toISOString() ?? null,
            connectedAt: operatorHandoff.connectedAt?.toISOString() ?? null,
            endedAt: operatorHandoff.endedAt?.toISOString() ?? null,
            wrapUp:
              operatorHandoff.wrappedAt && operatorHandoff.wrapDisposition
                ? {
                    disposition: operatorHandoff.wrapDisposition,
                    note: operatorHandoff.wrapNote,
                    at: operatorHandoff.wrappedAt.toISOString(),
                  }
                : null,
          }
        : null,
      path: collapsePath(call.path),
      turnCount: call.turnCount,
      avgResponseMs: call.avgResponseMs,
      maxResponseMs: call.maxResponseMs,
      analysis: {
        status: call.analysisStatus,
        source: call.analysisSource,
        summary: call.summary,
        outcomes: call.outcomes as Record<string, unknown>,
      },
      recording: call.recording,
    },
    turns: call.turns.map((t) => ({
      id: t.id,
      seq: t.seq,
      turnIndex: t.turnIndex,
      speaker: t.speaker as 'caller' | 'agent' | 'operator',
      text: t.text,
      trigger: t.trigger,
      startMs: t.startMs,
      endMs: t.endMs,
      confidence: t.confidence,
      nodeId: t.nodeId,
      nodePath: t.nodePath,
      timings: numbersOf(t.timings),
      // Stored beside the timings (the writer keeps them together); read defensively, it is stored JSON.
      providers: providersOf(t.timings),
      responseMs: t.responseMs,
      filler: t.filler,
    })),
    events: call.events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      offsetMs: e.offsetMs,
      turnIndex: e.turnIndex,
      nodeId: e.nodeId,
      data: e.data as Record<string, unknown>,
    })),
    issues: call.issues.map(issueView),
    flow: flowMapOf(graph),
  };
}

export type CallDetail = Awaited<ReturnType<typeof getCallDetail>>;

export function issueView(i: {
  id: string;
  callId: string;
  turnId: string | null;
  turnSeq: number | null;
  reason: string;
  comment: string;
  status: string;
  assigneeId: string | null;
  agentId: string | null;
  versionId: string | null;
  nodeId: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  projectId: string;
}) {
  const studio =
    i.agentId !== null
      ? `/p/${i.projectId}/agents/${i.agentId}?${new URLSearchParams({
          ...(i.versionId ? { version: i.versionId } : {}),
          ...(i.nodeId ? { node: i.nodeId } : {}),
        }).toString()}`
      : null;
  return {
    id: i.id,
    callId: i.callId,
    turnId: i.turnId,
    turnSeq: i.turnSeq,
    reason: i.reason,
    comment: i.comment,
    status: i.status,
    assigneeId: i.assigneeId,
    agentId: i.agentId,
    versionId: i.versionId,
    nodeId: i.nodeId,
    createdById: i.createdById,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    studioUrl: studio,
  };
}

/** The providers that served a turn, from its stored timings; null for turns recorded before issue 16. */
function providersOf(timings: unknown): StageProviders | null {
  if (typeof timings !== 'object' || timings === null || !('providers' in timings)) return null;
  const parsed = stageProvidersSchema.safeParse(timings.providers);
  return parsed.success ? parsed.data : null;
}

/** The stage timings alone (ms), without the providers stored beside them. */
function numbersOf(timings: unknown): Record<string, number> | null {
  if (typeof timings !== 'object' || timings === null) return null;
  return Object.fromEntries(
    Object.entries(timings).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}
