/**
 * How the web app tells running media servers that a project was deleted, so they end its live calls at
 * once: one Redis pub/sub channel of its own (the telephony channel carries connection changes). A media
 * server that misses the message finds nothing to route to the project anyway: its numbers are gone.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineChannel } from '../bus/redis-channel.ts';

export const projectMessage = z.object({ type: z.literal('project.deleted'), projectId: z.uuid() });
export type ProjectMessage = z.infer<typeof projectMessage>;

export const projectsBus = defineChannel('projects:control', projectMessage);

export const projectsChannel = (): string => projectsBus.name();

export function publishProjectDeleted(redis: Redis, projectId: string): Promise<number> {
  return projectsBus.publish(redis, { type: 'project.deleted', projectId });
}

/** Subscribes a dedicated connection; unreadable messages are dropped (logged by the caller). */
export function subscribeProjectEvents(
  subscriber: Redis,
  onDeleted: (projectId: string) => void,
  onBad: (raw: string) => void = () => undefined,
): Promise<() => Promise<void>> {
  return projectsBus.subscribe(subscriber, (message) => onDeleted(message.projectId), onBad);
}
