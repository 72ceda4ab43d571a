import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { authContext } from '../auth/auth-context.server.ts';
import {
  LISTEN_TICKET_TTL_SECONDS,
  SUPERVISE_MODES,
  signListenTicket,
  type SuperviseTicketMode,
} from '../browser-voice/listen-ticket.server.ts';
import { flowMapOf, type FlowMap } from '../calls/call-detail.server.ts';
import { db } from '../db.ts';
import type { MonitorRow } from '../../lib/monitor/monitor-views.ts';
import { alertRulesSchema } from './alert-rules.ts';
import { readMonitorSettings, type MonitorSettingsView } from './alert-rules.server.ts';
import { readDayCounters, readLiveCalls, readTranscript, type TranscriptLine } from './live-board.ts';

export interface MonitorCounters {
  /** Calls up now, and of them those waiting for an operator. */
  live: number;
  waiting: number;
  /** Today (UTC) so far. */
  handledByBot: number;
  transferred: number;
  abandoned: number;
  averageHandleMs: number | null;
}

export type { MonitorRow };

export interface MonitorSnapshot {
  calls: MonitorRow[];
  counters: MonitorCounters;
  settings: MonitorSettingsView;
  /** The bus position the snapshot reflects at least: subscribe with it to miss nothing after it. */
  at: number;
}

export interface MonitorCallView {
  call: MonitorRow | null;
  transcript: TranscriptLine[];
  flow: FlowMap | null;
}

const redis = () => authContext().redis;

async function agentNames(projectId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const agents = await db().agent.findMany({
    where: { projectId, id: { in: ids } },
    select: { id: true, name: true },
  });
  return new Map(agents.map((a) => [a.id, a.name]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every live call of the project with today's counters, from the live board (no Postgres scan). */
export async function monitorSnapshot(projectId: string): Promise<MonitorSnapshot> {
  const now = Date.now();
  const [live, day, settings] = await Promise.all([
    readLiveCalls(redis(), projectId),
    readDayCounters(redis(), projectId, now),
    readMonitorSettings(db(), projectId),
  ]);
  const names = await agentNames(projectId, [
    ...new Set(live.flatMap((c) => (c.agentId && UUID.test(c.agentId) ? [c.agentId] : []))),
  ]);
  return {
    calls: live.map((c) => ({ ...c, agentName: (c.agentId && names.get(c.agentId)) ?? null })),
    counters: {
      live: live.length,
      waiting: live.filter((c) => c.waitingSince !== undefined).length,
      handledByBot: day.handledByBot,
      transferred: day.transferred,
      abandoned: day.abandoned,
      averageHandleMs: day.ended > 0 ? Math.round(day.durationMs / day.ended) : null,
    },
    settings,
    at: now,
  };
}

/**
 * The blocks of each live call's flow (its version's, or the draft's for a studio test), so the board names
 * the step a call is on as the canvas does («Вопрос: услуга»), not by its id.
 */
export async function liveCallBlocks(
  projectId: string,
  calls: MonitorRow[],
): Promise<Record<string, { id: string; type: string; label: string }[]>> {
  const versionIds = [
    ...new Set(calls.flatMap((c) => (c.versionId && UUID.test(c.versionId) ? [c.versionId] : []))),
  ];
  const draftIds = [
    ...new Set(
      calls.flatMap((c) =>
        !(c.versionId && UUID.test(c.versionId)) && c.agentId && UUID.test(c.agentId) ? [c.agentId] : [],
      ),
    ),
  ];
  const [versions, drafts] = await Promise.all([
    versionIds.length
      ? db().agentVersion.findMany({
          where: { id: { in: versionIds }, projectId },
          select: { id: true, graph: true },
        })
      : [],
    draftIds.length
      ? db().agent.findMany({
          where: { id: { in: draftIds }, projectId },
          select: { id: true, draftGraph: true },
        })
      : [],
  ]);
  const graphs = new Map<string, unknown>([
    ...versions.map((v) => [`v:${v.id}`, v.graph] as const),
    ...drafts.map((d) => [`d:${d.id}`, d.draftGraph] as const),
  ]);
  const out: Record<string, { id: string; type: string; label: string }[]> = {};
  for (const c of calls) {
    const key = c.versionId && UUID.test(c.versionId) ? `v:${c.versionId}` : `d:${c.agentId}`;
    const flow = flowMapOf(graphs.get(key));
    if (flow) out[c.callId] = flow.nodes.map(({ id, type, label }) => ({ id, type, label }));
  }
  return out;
}

/** One call for the monitor's side panel: its row (while live), the transcript so far, its flow's layout. */
export async function monitorCall(projectId: string, callId: string): Promise<MonitorCallView> {
  const live = (await readLiveCalls(redis(), projectId)).find((c) => c.callId === callId) ?? null;
  // A call of another project has no row here and its transcript is not shown (the id is the only key).
  if (!live) return { call: null, transcript: [], flow: null };
  const agentId = live.agentId && UUID.test(live.agentId) ? live.agentId : null;
  const [transcript, version, draft, names] = await Promise.all([
    readTranscript(redis(), callId),
    live.versionId && UUID.test(live.versionId)
      ? db().agentVersion.findFirst({ where: { id: live.versionId, projectId }, select: { graph: true } })
      : null,
    // A studio test call runs the draft (no version row): then the layout is the draft's.
    agentId
      ? db().agent.findFirst({ where: { id: agentId, projectId }, select: { draftGraph: true } })
      : null,
    agentNames(projectId, agentId ? [agentId] : []),
  ]);
  const graph = version?.graph ?? draft?.draftGraph;
  return {
    call: { ...live, agentName: (live.agentId && names.get(live.agentId)) ?? null },
    transcript,
    flow: graph ? flowMapOf(graph) : null,
  };
}

/** The monitor's campaign filter: the project's campaigns, newest first (a campaign's calls carry its id). */
export async function campaignChoices(projectId: string): Promise<{ id: string; name: string }[]> {
  return db().campaign.findMany({
    where: { projectId },
    select: { id: true, name: true },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
}

export const monitorQuery = z.object({ callId: z.string().min(1).max(200).optional() });

export const monitorSettingsInput = z.object({ rules: alertRulesSchema, sound: z.boolean() });
export type MonitorSettingsInput = z.infer<typeof monitorSettingsInput>;

/** The project's alert rules; the next call to start follows them (read at call start). Audited. */
export async function saveMonitorSettings(
  ctx: ServiceContext,
  input: MonitorSettingsInput,
): Promise<MonitorSettingsView> {
  const projectId = ctx.access.projectId;
  const before = await readMonitorSettings(db(), projectId);
  await db().monitorSettings.upsert({
    where: { projectId },
    create: { projectId, rules: input.rules, sound: input.sound },
    update: { rules: input.rules, sound: input.sound },
  });
  await auditAs(ctx, {
    action: 'monitor_settings.update',
    targetType: 'project',
    targetId: projectId,
    diff: { before, after: input },
  });
  return input;
}

export const listenInput = z.object({
  callId: z.string().min(1).max(200),
  /** `listen` hears only; `whisper` (to the operator), `barge` (to both) and `takeover` (instead of the bot) speak. */
  mode: z.enum(SUPERVISE_MODES).default('listen'),
});

export interface ListenTicketView {
  ticket: string;
  /** The media server's listen WebSocket with the ticket, to open within `expiresIn` seconds. */
  url: string;
  expiresIn: number;
}

/** The media server's listen-in WebSocket, beside the voice one (`…/voice/v1/ws` → `…/voice/v1/listen`). */
export function listenUrlOf(voiceUrl: string): string {
  const url = new URL(voiceUrl);
  url.pathname = url.pathname.replace(/\/ws$/, '') + '/listen';
  url.search = '';
  return url.toString();
}

/**
 * A ticket for a supervisor to hear one live call of this project through the browser, and an audit entry
 * saying who listened to which call. Null when the call is not live in this project (then nothing is signed).
 */
export async function issueListenTicket(
  ctx: ServiceContext,
  userId: string,
  callId: string,
  voiceUrl: string,
  mode: SuperviseTicketMode = 'listen',
): Promise<ListenTicketView | null> {
  const projectId = ctx.access.projectId;
  const live = (await readLiveCalls(redis(), projectId)).find((c) => c.callId === callId);
  if (!live) return null;
  const ticket = await signListenTicket(authContext().keys, { projectId, callId, userId, mode });
  await auditAs(ctx, {
    action: `call.${mode}`,
    targetType: 'call',
    targetId: callId,
    diff: { after: { direction: live.direction, from: live.from, to: live.to } },
  });
  const url = `${listenUrlOf(voiceUrl)}?ticket=${encodeURIComponent(ticket)}`;
  return { ticket, url, expiresIn: LISTEN_TICKET_TTL_SECONDS };
}
