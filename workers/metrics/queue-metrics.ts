import type { Job, Queue, Worker } from 'bullmq';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Seconds: a token purge to a large PDF's indexing. */
const JOB_BUCKETS_S = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
  'completed',
] as const;

export interface QueueMetrics {
  /** Counts and times this worker's jobs as they finish. */
  watch(worker: Worker): void;
}

/**
 * BullMQ on Prometheus: jobs per queue and state (read from Redis when scraped, so every workers process sees
 * the same depth), and this process's job durations, completions and failures per queue and job name.
 */
export function queueMetrics(registry: Registry, queues: readonly Queue[]): QueueMetrics {
  new Gauge({
    name: 'bullmq_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (waiting = queue depth).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await Promise.all(queues.map((q) => q.getJobCounts(...STATES)));
      queues.forEach((q, i) => {
        for (const state of STATES) this.set({ queue: q.name, state }, counts[i]?.[state] ?? 0);
      });
    },
  });
  const duration = new Histogram({
    name: 'bullmq_job_duration_seconds',
    help: 'Time from a job starting to finishing in this process, by queue, job name and outcome.',
    labelNames: ['queue', 'name', 'status'],
    buckets: JOB_BUCKETS_S,
    registers: [registry],
  });
  const completed = new Counter({
    name: 'bullmq_jobs_completed_total',
    help: 'Jobs this process completed, by queue and job name.',
    labelNames: ['queue', 'name'],
    registers: [registry],
  });
  const failed = new Counter({
    name: 'bullmq_jobs_failed_total',
    help: 'Job attempts that failed in this process (each retry counts), by queue and job name.',
    labelNames: ['queue', 'name'],
    registers: [registry],
  });
  const observe = (queue: string, job: Job, status: 'completed' | 'failed') => {
    if (job.processedOn && job.finishedOn) {
      duration.observe({ queue, name: job.name, status }, (job.finishedOn - job.processedOn) / 1000);
    }
  };
  return {
    watch(worker) {
      worker.on('completed', (job) => {
        completed.inc({ queue: worker.name, name: job.name });
        observe(worker.name, job, 'completed');
      });
      worker.on('failed', (job) => {
        failed.inc({ queue: worker.name, name: job?.name ?? 'unknown' });
        if (job) observe(worker.name, job, 'failed');
      });
    },
  };
}
