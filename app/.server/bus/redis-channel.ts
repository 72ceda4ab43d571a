/**
 * One typed Redis pub/sub channel: the name (with the deployment's prefix), a zod schema for what travels on
 * it, and publish/subscribe that parse every message. The telephony bus and project events are two of these.
 */
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { redisEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';

export interface RedisChannel<T> {
  /** The channel's full name; ioredis' keyPrefix does not apply to channels, so the prefix is added here. */
  name(): string;
  /** Answers how many subscribers heard it (0 = none is running). */
  publish(redis: Redis, message: T): Promise<number>;
  /** Subscribes a dedicated connection; unreadable messages go to onBad (logged by the caller), never throw. */
  subscribe(
    subscriber: Redis,
    onMessage: (message: T) => void,
    onBad?: (raw: string) => void,
  ): Promise<() => Promise<void>>;
}

/** The deployment's prefix, read through the env schema (the same one every Redis key carries). */
export function redisPrefix(source?: Record<string, string | undefined>): string {
  return parseEnv(redisEnv.pick({ REDIS_PREFIX: true }), 'redis', source).REDIS_PREFIX;
}

export function defineChannel<S extends z.ZodType>(suffix: string, schema: S): RedisChannel<z.infer<S>> {
  const name = () => {
    const prefix = redisPrefix();
    return `${prefix ? `${prefix}:` : ''}${suffix}`;
  };
  return {
    name,
    publish: (redis, message) => redis.publish(name(), JSON.stringify(message)),
    async subscribe(subscriber, onMessage, onBad = () => undefined) {
      const channel = name();
      subscriber.on('message', (from: string, raw: string) => {
        if (from !== channel) return;
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          onBad(raw);
          return;
        }
        const parsed = schema.safeParse(json);
        if (parsed.success) onMessage(parsed.data);
        else onBad(raw);
      });
      await subscriber.subscribe(channel);
      return async () => {
        await subscriber.unsubscribe(channel);
      };
    },
  };
}
