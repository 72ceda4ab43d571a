import { parseFlow, type Flow } from '#flow-runtime/index';
import { db } from '../db.ts';
import { isOpen, workingHoursInput } from './working-hours.ts';

export type InboundRoute =
  | {
      ok: true;
      projectId: string;
      agentId: string;
      versionId: string;
      flow: Flow;
      /** The SIP connection the number belongs to, with its concurrent-call limit (0 = none). */
      connection?: { id: string; maxCalls: number };
      /** Answered by the after-hours agent or message. */
      afterHours?: boolean;
    }
  | { ok: false; status: 404 | 480; reason: string };

/** The form addresses are stored in: "+" and digits for numbers, lower case for SIP user parts. */
export function normaliseAddress(dialled: string): string {
  const raw = decodeURIComponent(dialled).trim();
  const digits = raw.replace(/[\s()-]/g, '');
  return /^\+?\d{3,}$/.test(digits) ? `+${digits.replace(/^\+/, '')}` : raw.toLowerCase();
}

const CACHE_MS = 3_000;
const cache = new Map<string, { at: number; route: InboundRoute }>();

/**
 * Where a dialled address goes: the live version of the agent its phone number points at. Answers are
 * cached a few seconds, so a burst of call setups costs one query, while a new publish takes effect at once
 * after that.
 */
export async function routeDialled(dialled: string, now = Date.now()): Promise<InboundRoute> {
  const address = normaliseAddress(dialled);
  const hit = cache.get(address);
  if (hit && now - hit.at < CACHE_MS) return hit.route;
  const route = await lookup(address, now);
  cache.set(address, { at: now, route });
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return route;
}

const versionSelect = { select: { id: true, graph: true } } as const;

/**
 * The number's agent answers with its pinned version, else its live one; outside working hours the
 * after-hours agent (live version) answers, or a message is spoken, or the call is refused as closed.
 */
async function lookup(address: string, now: number): Promise<InboundRoute> {
  const number = await db().phoneNumber.findUnique({
    where: { address },
    select: {
      id: true,
      projectId: true,
      pinnedVersionId: true,
      workingHours: true,
      afterHoursAgentId: true,
      afterHoursMessage: true,
      connection: { select: { id: true, projectId: true, maxConcurrentCalls: true, enabled: true } },
      agent: { select: { id: true, projectId: true, language: true, liveVersion: versionSelect } },
    },
  });
  if (!number) return { ok: false, status: 404, reason: 'No such number' };
  // The number's project runs the call: an agent or connection of another project (which the numbers API
  // refuses to link) is treated as absent, never run under this project.
  if (number.agent && number.agent.projectId !== number.projectId) number.agent = null;
  if (number.connection && number.connection.projectId !== number.projectId) number.connection = null;
  if (number.connection && !number.connection.enabled)
    return { ok: false, status: 480, reason: 'Connection disabled' };
  const connection = number.connection
    ? { id: number.connection.id, maxCalls: number.connection.maxConcurrentCalls }
    : undefined;
  const base = { projectId: number.projectId, ...(connection ? { connection } : {}) };
  const hours = number.workingHours === null ? null : workingHoursInput.safeParse(number.workingHours);
  if (hours?.success && !isOpen(hours.data, new Date(now))) {
    if (number.afterHoursAgentId) {
      const agent = await db().agent.findFirst({
        where: { id: number.afterHoursAgentId, projectId: number.projectId },
        select: { id: true, liveVersion: versionSelect },
      });
      if (agent?.liveVersion) return toRoute(base, agent.id, agent.liveVersion, true);
    }
    if (number.afterHoursMessage) {
      const flow = afterHoursFlow(number.afterHoursMessage, number.agent?.language === 'en' ? 'en' : 'ru');
      const agentId = number.agent?.id ?? number.id;
      const versionId = number.agent?.liveVersion?.id ?? number.id;
      return { ok: true, ...base, agentId, versionId, flow, afterHours: true };
    }
    return { ok: false, status: 480, reason: 'Closed' };
  }
  if (!number.agent) return { ok: false, status: 480, reason: 'No published agent' };
  const version = number.pinnedVersionId
    ? await db().agentVersion.findFirst({
        where: { id: number.pinnedVersionId, agentId: number.agent.id, projectId: number.projectId },
        select: { id: true, graph: true },
      })
    : number.agent.liveVersion;
  if (!version) return { ok: false, status: 480, reason: 'No published agent' };
  return toRoute(base, number.agent.id, version, false);
}

function toRoute(
  base: { projectId: string; connection?: { id: string; maxCalls: number } },
  agentId: string,
  version: { id: string; graph: unknown },
  afterHours: boolean,
): InboundRoute {
  const parsed = parseFlow(version.graph);
  if (!parsed.success) return { ok: false, status: 480, reason: 'Published flow unreadable' };
  return {
    ok: true,
    ...base,
    agentId,
    versionId: version.id,
    flow: parsed.flow,
    ...(afterHours ? { afterHours } : {}),
  };
}

/** A two-node flow that says the after-hours message and hangs up. */
function afterHoursFlow(message: string, language: 'ru' | 'en'): Flow {
  const parsed = parseFlow({
    schemaVersion: 2,
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'closed',
        type: 'end',
        position: { x: 0, y: 100 },
        data: { message, disposition: 'after_hours' },
      },
    ],
    edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'closed' }],
    settings: { language },
  });
  if (!parsed.success) throw new Error('after-hours flow does not parse');
  return parsed.flow;
}

/** Tests and admin changes that must take effect before the cache expires. */
export function forgetRoutes(): void {
  cache.clear();
}
