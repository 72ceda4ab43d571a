import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * The media servers of a cluster, as they announce themselves in Redis (issue 28): each one writes its SIP
 * address and whether it drains under a key that expires unless it is refreshed, so a dead server drops out
 * on its own. The Kamailio dispatcher list is rendered from this (scripts/cluster-dispatcher-list.ts):
 * nobody edits it by hand.
 */

const INDEX = 'cluster:media-servers';
const entryKey = (id: string) => `cluster:media-server:${id}`;

const entrySchema = z.object({
  id: z.string().min(1),
  /** Where Kamailio sends calls: sip:host:port. */
  uri: z.string().regex(/^sips?:[^\s]+$/),
  draining: z.boolean(),
  at: z.number(),
});
export type MediaServerEntry = z.infer<typeof entrySchema>;

export interface Announcement {
  readonly id: string;
  /** Announces the drain at once: the next dispatcher list marks this server inactive. */
  drain(): Promise<void>;
  /** Stops refreshing and removes the entry (a clean shutdown; a crash lets it expire). */
  close(): Promise<void>;
}

export async function announceMediaServer(
  redis: Redis,
  options: { uri: string; id?: string; heartbeatMs?: number },
): Promise<Announcement> {
  const id = options.id ?? randomUUID();
  const heartbeatMs = options.heartbeatMs ?? 5000;
  let draining = false;
  let closed = false;
  const write = async () => {
    const entry: MediaServerEntry = { id, uri: options.uri, draining, at: Date.now() };
    await redis
      .multi()
      .set(entryKey(id), JSON.stringify(entry), 'PX', heartbeatMs * 3)
      .sadd(INDEX, id)
      .exec();
  };
  await write();
  const timer = setInterval(() => void write().catch(() => undefined), heartbeatMs);
  timer.unref();
  return {
    id,
    async drain() {
      draining = true;
      if (!closed) await write();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await redis.multi().del(entryKey(id)).srem(INDEX, id).exec();
    },
  };
}

/** The announced media servers still alive, by id; entries that expired are forgotten from the index. */
export async function readMediaServers(redis: Redis): Promise<MediaServerEntry[]> {
  const ids = (await redis.smembers(INDEX)).sort();
  if (ids.length === 0) return [];
  const raw = await redis.mget(...ids.map(entryKey));
  const gone = ids.filter((_, i) => raw[i] === null);
  if (gone.length) await redis.srem(INDEX, ...gone);
  return raw.flatMap((value) => {
    if (value === null) return [];
    const parsed = entrySchema.safeParse(JSON.parse(value));
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Kamailio's dispatcher list (set 1): every live media server, a draining one flagged inactive (1) so it
 * gets no new call while its calls finish. An empty cluster is a comment only.
 */
export function renderDispatcherList(servers: readonly MediaServerEntry[]): string {
  const lines = servers.map(
    (s) => `1 ${s.uri} ${s.draining ? 1 : 0} 0 duid=${s.id.replace(/[^A-Za-z0-9_.-]/g, '_')}`,
  );
  return `# Written by scripts/cluster-dispatcher-list.ts from the media servers in Redis; do not edit.\n${lines.join('\n')}\n`;
}
