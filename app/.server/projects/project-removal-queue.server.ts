import type { Queue } from 'bullmq';
import { createQueue, QUEUES } from '../queues.ts';

export const REMOVE_PROJECT_JOB = 'remove-project';
/**
 * The removal waits a little: calls ended by the deletion still send their last events, which must land
 * (or be dropped) before the rows go. A lost job is caught by the workers' periodic sweep of tombstones.
 */
export const REMOVAL_DELAY_MS = 60_000;

let queue: Queue | undefined;

function maintenanceQueue(): Queue {
  queue ??= createQueue(
    {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      REDIS_PREFIX: process.env.REDIS_PREFIX ?? '',
    },
    QUEUES.maintenance,
  );
  return queue;
}

/** Queues the removal of a deleted project's data (one job per project, however often it is asked). */
export interface ProjectRemovalJob {
  projectId: string;
  /** Its SIP connections (already deleted), whose live registration status is cleared from Redis. */
  connectionIds: string[];
}

export async function enqueueProjectRemoval(
  job: ProjectRemovalJob,
  delayMs = REMOVAL_DELAY_MS,
): Promise<void> {
  const { projectId } = job;
  await maintenanceQueue().add(REMOVE_PROJECT_JOB, job, {
    jobId: `${REMOVE_PROJECT_JOB}-${projectId}`,
    delay: delayMs,
    attempts: 5,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: 1000,
    removeOnFail: 1000,
  });
}

export async function closeProjectRemovalQueue(): Promise<void> {
  await queue?.close();
  queue = undefined;
}
