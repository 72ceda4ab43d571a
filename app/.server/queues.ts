import { Queue, Worker, type Processor } from 'bullmq';
import { bullPrefix, createRedis, type RedisConfig } from './redis.ts';

/** Queue names in one place, so producers and processors cannot drift apart. */
export const QUEUES = { maintenance: 'maintenance', knowledge: 'knowledge' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export function createQueue(config: RedisConfig, name: QueueName): Queue {
  return new Queue(name, {
    connection: createRedis({ ...config, REDIS_PREFIX: '' }),
    prefix: bullPrefix(config),
  });
}

/** Workers block on Redis, so each gets its own connection with maxRetriesPerRequest: null. */
export function createWorker(
  config: RedisConfig,
  name: QueueName,
  processor: Processor,
  concurrency = 1,
): Worker {
  return new Worker(name, processor, {
    connection: createRedis({ ...config, REDIS_PREFIX: '' }, { forWorker: true }),
    prefix: bullPrefix(config),
    concurrency,
  });
}
