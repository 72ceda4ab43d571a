/**
 * Live registration state per connection, written by the media server that holds the registration and
 * read by the screen. It lives in Redis with a lifetime: when no media server refreshes it, it expires and
 * the screen says "unknown" instead of showing a stale "registered".
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const registrationStatus = z.object({
  /** `refused`: the outbound address policy did not let the media server send to the registrar (ADR 013). */
  state: z.enum(['registering', 'registered', 'failed', 'refused', 'stopped', 'ip_auth']),
  /** The registrar's last final answer. */
  sipCode: z.number().int().nullable(),
  reason: z.string(),
  /** When the state was written (ISO). */
  at: z.string(),
  /** Seconds the registrar granted, when registered. */
  expires: z.number().int().nullable(),
});
export type RegistrationStatus = z.infer<typeof registrationStatus>;

const key = (connectionId: string) => `telephony:registration:${connectionId}`;

export async function writeRegistrationStatus(
  redis: Redis,
  connectionId: string,
  status: RegistrationStatus,
  ttlSeconds: number,
): Promise<void> {
  await redis.set(key(connectionId), JSON.stringify(status), 'EX', Math.max(30, Math.round(ttlSeconds)));
}

export async function clearRegistrationStatus(redis: Redis, connectionId: string): Promise<void> {
  await redis.del(key(connectionId));
}

export async function readRegistrationStatuses(
  redis: Redis,
  connectionIds: readonly string[],
): Promise<Map<string, RegistrationStatus>> {
  const out = new Map<string, RegistrationStatus>();
  if (connectionIds.length === 0) return out;
  const values = await redis.mget(...connectionIds.map(key));
  values.forEach((raw, i) => {
    if (!raw) return;
    try {
      const parsed = registrationStatus.safeParse(JSON.parse(raw));
      if (parsed.success) out.set(connectionIds[i]!, parsed.data);
    } catch {
      // a value we cannot read counts as unknown
    }
  });
  return out;
}
