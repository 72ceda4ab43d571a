import { parseFlow, type Flow } from '#flow-runtime/index';
import { db } from '../db.ts';

export type InboundRoute =
  | { ok: true; projectId: string; agentId: string; versionId: string; flow: Flow }
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
  const route = await lookup(address);
  cache.set(address, { at: now, route });
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return route;
}

async function lookup(address: string): Promise<InboundRoute> {
  const number = await db().phoneNumber.findUnique({
    where: { address },
    select: {
      projectId: true,
      agent: { select: { id: true, liveVersion: { select: { id: true, graph: true } } } },
    },
  });
  if (!number) return { ok: false, status: 404, reason: 'No such number' };
  const version = number.agent?.liveVersion;
  if (!number.agent || !version) return { ok: false, status: 480, reason: 'No published agent' };
  const parsed = parseFlow(version.graph);
  if (!parsed.success) return { ok: false, status: 480, reason: 'Published flow unreadable' };
  return {
    ok: true,
    projectId: number.projectId,
    agentId: number.agent.id,
    versionId: version.id,
    flow: parsed.flow,
  };
}

/** Tests and admin changes that must take effect before the cache expires. */
export function forgetRoutes(): void {
  cache.clear();
}
