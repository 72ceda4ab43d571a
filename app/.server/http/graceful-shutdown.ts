import type { Server } from 'node:http';
import type { Logger } from '../logger.ts';

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (up to `graceMs`), run the
 * cleanups (database, Redis, queues), then exit. A second signal exits at once.
 */
export function onShutdown(
  logger: Logger,
  servers: Server[],
  cleanups: (() => Promise<unknown>)[],
  graceMs = 10_000,
) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('shutdown grace period over; exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeIdleConnections?.();
          }),
      ),
    );
    for (const cleanup of cleanups)
      await cleanup().catch((e: unknown) => logger.error({ err: e }, 'cleanup failed'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
