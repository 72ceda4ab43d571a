import type { Db } from '../db.ts';

/**
 * Runs `fn` holding a Postgres advisory lock named by `key` (in a transaction of `client`, so it is let go
 * however the transaction ends). The web app and the workers refresh a connection's tokens under it: one
 * exchanges, the others wait and then read what it stored. `fn` may use other connections; what it commits
 * there is visible to the next holder.
 */
export function withTokenLock<T>(client: Db, key: string, fn: () => Promise<T>): Promise<T> {
  return client.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      return fn();
    },
    // A token server may take its time (20–30 s timeouts); a waiter waits for the holder's exchange.
    { maxWait: 10_000, timeout: 90_000 },
  );
}
