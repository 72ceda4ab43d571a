import type { Redis } from 'ioredis';

/** The Redis key of one call's conversation (state, version, flow hash). */
export const convKey = (callId: string) => `conv:${callId}`;

/**
 * Drops stored conversations (their project was deleted): a later turn of one finds the call gone. Apart
 * from the store, so processes that only clean up (the workers) need not load the flow runtime.
 */
export async function forgetConversations(redis: Redis, callIds: readonly string[]): Promise<void> {
  if (callIds.length > 0) await redis.del(...callIds.map(convKey));
}
