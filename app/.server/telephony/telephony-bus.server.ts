/**
 * How the web app tells running media servers that telephony changed, without a restart: one Redis pub/sub
 * channel. Media servers also load everything from Postgres when they start, so a missed message only
 * delays a change until the next start, never loses it.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { redisEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';
import { createRedis } from '../redis.ts';

export const telephonyMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection.changed'), projectId: z.uuid(), connectionId: z.uuid() }),
  z.object({ type: z.literal('test-call.requested'), projectId: z.uuid(), testCallId: z.uuid() }),
]);
export type TelephonyMessage = z.infer<typeof telephonyMessage>;

/** ioredis' keyPrefix does not apply to channels: the prefix is added here so deployments stay apart. */
export function telephonyChannel(prefix = process.env.REDIS_PREFIX ?? ''): string {
  return `${prefix ? `${prefix}:` : ''}telephony:control`;
}

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
  return redis.publish(telephonyChannel(), JSON.stringify(message));
}

/** Subscribes a dedicated connection; bad messages are dropped (logged by the caller). */
export async function subscribeTelephony(
  subscriber: Redis,
  onMessage: (message: TelephonyMessage) => void,
  onBad: (raw: string) => void = () => undefined,
): Promise<() => Promise<void>> {
  const channel = telephonyChannel();
  subscriber.on('message', (from: string, raw: string) => {
    if (from !== channel) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      onBad(raw);
      return;
    }
    const parsed = telephonyMessage.safeParse(json);
    if (parsed.success) onMessage(parsed.data);
    else onBad(raw);
  });
  await subscriber.subscribe(channel);
  return async () => {
    await subscriber.unsubscribe(channel);
  };
}
