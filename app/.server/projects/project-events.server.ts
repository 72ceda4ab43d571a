/**
 * How the web app tells running media servers that a project was deleted, so they end its live calls at
 * once: one Redis pub/sub channel of its own (the telephony channel carries connection changes). A media
 * server that misses the message finds nothing to route to the project anyway: its numbers are gone.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const projectMessage = z.object({ type: z.literal('project.deleted'), projectId: z.uuid() });
export type ProjectMessage = z.infer<typeof projectMessage>;

/** ioredis' keyPrefix does not apply to channels: the prefix is added here so deployments stay apart. */
export function projectsChannel(prefix = process.env.REDIS_PREFIX ?? ''): string {
  return `${prefix ? `${prefix}:` : ''}projects:control`;
}

export function publishProjectDeleted(redis: Redis, projectId: string): Promise<number> {
  const message: ProjectMessage = { type: 'project.deleted', projectId };
  return redis.publish(projectsChannel(), JSON.stringify(message));
}

/** Subscribes a dedicated connection; unreadable messages are dropped (logged by the caller). */
export async function subscribeProjectEvents(
  subscriber: Redis,
  onDeleted: (projectId: string) => void,
  onBad: (raw: string) => void = () => undefined,
): Promise<() => Promise<void>> {
  const channel = projectsChannel();
  subscriber.on('message', (from: string, raw: string) => {
    if (from !== channel) return;
    let parsed;
    try {
      parsed = projectMessage.safeParse(JSON.parse(raw));
    } catch {
      parsed = null;
    }
    if (parsed?.success) onDeleted(parsed.data.projectId);
    else onBad(raw);
  });
  await subscriber.subscribe(channel);
  return async () => {
    await subscriber.unsubscribe(channel);
  };
}
