/**
 * Background jobs in one table: each job's name, the queue it runs on, the schema of its data and how it is
 * queued (retries, delay, folding of repeats). Producers queue through enqueueJob, which checks the data
 * against the schema; the workers process (workers/job-handlers.ts) pairs each name with its handler and
 * refuses data that does not parse. Like the flow runtime's command table: adding a job is one entry here
 * and one handler there.
 */
import { Queue, Worker, type JobsOptions, type Processor } from 'bullmq';
import { z } from 'zod';
import { redisEnv } from './env/env-schema.ts';
import { parseEnv } from './env/load-env.ts';
import { bullPrefix, createRedis, type RedisConfig } from './redis.ts';

/** Queue names in one place, so producers and processors cannot drift apart. */
export const QUEUES = {
  maintenance: 'maintenance',
  knowledge: 'knowledge',
  webhooks: 'webhooks',
  campaigns: 'campaigns',
  messaging: 'messaging',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Scheduled jobs carry no data of their own (BullMQ hands them an empty object). */
const noData = z.object({}).loose();

interface JobDefinition<S extends z.ZodType> {
  queue: QueueName;
  data: S;
  /** How a job of this kind is queued. */
  options?: (data: z.infer<S>) => JobsOptions;
}
const job = <S extends z.ZodType>(definition: JobDefinition<S>) => definition;

/**
 * The removal of a deleted project waits a little: calls ended by the deletion still send their last events,
 * which must land (or be dropped) before the rows go. A lost job is caught by the periodic sweep.
 */
export const REMOVAL_DELAY_MS = 60_000;

/** Attempts of one webhook delivery: 10 s × (2^13 − 1) ≈ 22.7 h of backoff between the first and the last. */
export const WEBHOOK_ATTEMPTS = 14;

export const JOBS = {
  'purge-expired-tokens': job({ queue: 'maintenance', data: noData }),
  /** One job per project, however often it is asked. */
  'remove-project': job({
    queue: 'maintenance',
    data: z.object({
      projectId: z.uuid(),
      /** Its SIP connections (already deleted), whose live registration status is cleared from Redis. */
      connectionIds: z.array(z.uuid()),
    }),
    options: ({ projectId }) => ({
      jobId: `remove-project-${projectId}`,
      delay: REMOVAL_DELAY_MS,
      attempts: 5,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    }),
  }),
  'remove-forgotten-projects': job({ queue: 'maintenance', data: noData }),
  'resync-due': job({ queue: 'knowledge', data: noData }),
  /**
   * (Re-)indexing of a source. Network failures are retried with backoff; a newer request for the same source
   * while one waits is folded into it (same job id), so a burst of edits indexes once.
   */
  'index-source': job({
    queue: 'knowledge',
    data: z.object({ sourceId: z.uuid() }),
    options: ({ sourceId }) => ({
      jobId: `index-${sourceId}-${Date.now() >> 10}`,
      attempts: 4,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    }),
  }),
  /**
   * One webhook delivery (issue 19). Retried with exponential backoff from 10 s, 14 attempts: the last one
   * about 23 h after the first; a day of failures disables the endpoint (webhook-delivery.server.ts).
   */
  'deliver-webhook': job({
    queue: 'webhooks',
    data: z.object({ deliveryId: z.uuid() }),
    options: ({ deliveryId }) => ({
      jobId: `webhook-${deliveryId}`,
      attempts: WEBHOOK_ATTEMPTS,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    }),
  }),
  /** The dialer's pass over campaigns with work: settle finished calls, plan new ones (issue 21). */
  'campaign-tick': job({ queue: 'campaigns', data: noData }),
  /** The dial of one claimed attempt; its id is the attempt's (campaign, contact, number), so repeats fold. */
  'campaign-dial': job({
    queue: 'campaigns',
    data: z.object({ attemptId: z.uuid() }),
    options: () => ({
      attempts: 3,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: 5000,
      removeOnFail: 5000,
    }),
  }),
  /**
   * One message through its provider (issue 22). The job id is the message's, so a repeat folds; provider 5xx
   * and network failures are retried with backoff from 2 s, 6 attempts (about a minute in all).
   */
  'send-message': job({
    queue: 'messaging',
    data: z.object({ messageId: z.uuid() }),
    options: ({ messageId }) => ({
      jobId: `message-${messageId}`,
      attempts: 6,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: 5000,
      removeOnFail: 5000,
    }),
  }),
  /**
   * Up to 100 queued messages sent together (a batch enqueue): one claim, the provider calls side by side, one
   * "sent" update. A message whose provider asks for another try goes on as its own send-message job.
   */
  'send-messages': job({
    queue: 'messaging',
    data: z.object({ messageIds: z.array(z.uuid()).min(1).max(100) }),
    options: () => ({
      attempts: 3,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    }),
  }),
  /** Delivery reports of a batch's sent messages, asked together until every one has settled. */
  'check-messages-delivery': job({
    queue: 'messaging',
    data: z.object({ messageIds: z.array(z.uuid()).min(1).max(100) }),
    options: () => ({
      attempts: 8,
      backoff: { type: 'exponential', delay: 15_000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    }),
  }),
  /** The provider's delivery report for a sent SMS, asked a few times as it settles. */
  'check-message-delivery': job({
    queue: 'messaging',
    data: z.object({ messageId: z.uuid() }),
    options: () => ({
      attempts: 8,
      backoff: { type: 'exponential', delay: 15_000 },
      removeOnComplete: 5000,
      removeOnFail: 5000,
    }),
  }),
};
export type JobName = keyof typeof JOBS;
export type JobData<N extends JobName> = z.infer<(typeof JOBS)[N]['data']>;

export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

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

const producers = new Map<QueueName, Queue>();

/** The process's queue for producing jobs, created on first use. */
function producer(name: QueueName): Queue {
  let queue = producers.get(name);
  if (!queue) {
    queue = createQueue(parseEnv(redisEnv, 'queues'), name);
    producers.set(name, queue);
  }
  return queue;
}

/** Queues a job; its data is checked against the table first, so a bad job never reaches a worker. */
export async function enqueueJob<N extends JobName>(
  name: N,
  data: JobData<N>,
  overrides: JobsOptions = {},
): Promise<void> {
  const definition: JobDefinition<z.ZodType> = JOBS[name];
  const parsed = definition.data.parse(data);
  await producer(definition.queue).add(name, parsed, {
    ...definition.options?.(parsed),
    ...overrides,
  });
}

/** Queues many jobs of one kind in one Redis round trip (BullMQ addBulk), each checked like enqueueJob's. */
export async function enqueueJobs<N extends JobName>(
  name: N,
  items: Array<JobData<N>>,
  overrides: JobsOptions = {},
): Promise<void> {
  const definition: JobDefinition<z.ZodType> = JOBS[name];
  const jobs = items.map((data) => {
    const parsed = definition.data.parse(data);
    return { name, data: parsed, opts: { ...definition.options?.(parsed), ...overrides } };
  });
  await producer(definition.queue).addBulk(jobs);
}

export async function closeQueues(): Promise<void> {
  const open = [...producers.values()];
  producers.clear();
  await Promise.all(open.map((queue) => queue.close()));
}
