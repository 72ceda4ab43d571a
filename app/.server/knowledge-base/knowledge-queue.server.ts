import type { Queue } from 'bullmq';
import { createQueue, QUEUES } from '../queues.ts';

let queue: Queue | undefined;

function knowledgeQueue(): Queue {
  queue ??= createQueue(
    {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      REDIS_PREFIX: process.env.REDIS_PREFIX ?? '',
    },
    QUEUES.knowledge,
  );
  return queue;
}

/**
 * Queues (re-)indexing of a source. Network failures are retried with backoff; a newer request for the same
 * source while one waits is folded into it (same job id), so a burst of edits indexes once.
 */
export async function enqueueIndexing(sourceId: string): Promise<void> {
  await knowledgeQueue().add(
    'index-source',
    { sourceId },
    {
      jobId: `index-${sourceId}-${Date.now() >> 10}`,
      attempts: 4,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    },
  );
}

export async function closeKnowledgeQueue(): Promise<void> {
  await queue?.close();
  queue = undefined;
}
