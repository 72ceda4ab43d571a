/**
 * The media server's ear for deleted projects: a dedicated Redis subscriber that hangs up every live call of
 * a project the moment an owner deletes it, and forgets cached routes to its numbers (its registrations
 * stop through the telephony channel: its connections are gone when they are reloaded).
 */
import type { Redis } from 'ioredis';
import type { Logger } from '#server/logger.ts';
import { subscribeProjectEvents } from '#server/projects/project-events.server.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import type { CallRegistry } from './call-registry.ts';

export async function startProjectShutdown(
  subscriber: Redis,
  registry: Pick<CallRegistry, 'endProject'>,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  const unsubscribe = await subscribeProjectEvents(
    subscriber,
    (projectId) => {
      // Routes are cached a few seconds: forget them, so no new call reaches the project's numbers.
      forgetRoutes();
      registry
        .endProject(projectId)
        .then((ended) => ended > 0 && logger.info({ projectId, ended }, 'calls of a deleted project ended'))
        .catch((error: unknown) =>
          logger.error({ err: error, projectId }, 'ending a deleted project’s calls failed'),
        );
    },
    (raw) => logger.warn({ raw: raw.slice(0, 200) }, 'unreadable project message dropped'),
  );
  return {
    close: async () => {
      await unsubscribe().catch(() => undefined);
      subscriber.disconnect();
    },
  };
}
