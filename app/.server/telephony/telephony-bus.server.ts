/**
 * How the web app tells running media servers that telephony changed, without a restart: one Redis pub/sub
 * channel. Media servers also load everything from Postgres when they start, so a missed message only
 * delays a change until the next start, never loses it. The same channel carries requests that need SIP
 * (the connection check): the media server answers them over the bus (bus/bus-request.ts).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineChannel } from '../bus/redis-channel.ts';
import { redisEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';
import { createRedis } from '../redis.ts';

export const telephonyMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection.changed'), projectId: z.uuid(), connectionId: z.uuid() }),
  z.object({ type: z.literal('test-call.requested'), projectId: z.uuid(), testCallId: z.uuid() }),
  /** Numbers, their agents or published versions changed: cached inbound routes are stale. */
  z.object({ type: z.literal('routes.changed') }),
  /** Run the connection check and reply to requestId (bus-request.ts). */
  z.object({
    type: z.literal('connection.check'),
    projectId: z.uuid(),
    connectionId: z.uuid(),
    requestId: z.uuid(),
  }),
]);
export type TelephonyMessage = z.infer<typeof telephonyMessage>;

export const telephonyBus = defineChannel('telephony:control', telephonyMessage);

export const telephonyChannel = (): string => telephonyBus.name();

let shared: Redis | undefined;

/** The web process's connection for telephony (publishing and reading live status). */
export function telephonyRedis(): Redis {
  shared ??= createRedis(parseEnv(redisEnv, 'telephony'));
  return shared;
}

export async function closeTelephonyRedis(): Promise<void> {
  const redis = shared;
  shared = undefined;
  await redis?.quit();
}

/** Publishes a change; answers how many media servers heard it (0 = none is running). */
export function publishTelephony(
  message: TelephonyMessage,
  redis: Redis = telephonyRedis(),
): Promise<number> {
  return telephonyBus.publish(redis, message);
}

/** Subscribes a dedicated connection; bad messages are dropped (logged by the caller). */
export function subscribeTelephony(
  subscriber: Redis,
  onMessage: (message: TelephonyMessage) => void,
  onBad: (raw: string) => void = () => undefined,
): Promise<() => Promise<void>> {
  return telephonyBus.subscribe(subscriber, onMessage, onBad);
}

/**
 * Numbers, their agents or live versions changed: media servers forget cached inbound routes at once
 * instead of after the cache's few seconds. Best effort: a Redis outage only delays the change that long.
 */
export async function announceRoutesChanged(redis?: Redis): Promise<void> {
  try {
    await publishTelephony({ type: 'routes.changed' }, redis);
  } catch {
    // The cache expires on its own within seconds.
  }
}
