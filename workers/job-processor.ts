/**
 * One BullMQ processor per queue, driven by the job table (#server/queues.ts): the job's name picks its
 * handler, its data is parsed with the table's schema first. An unknown name or data that does not parse is
 * refused with a logged error and fails without retries; the worker carries on with the next job.
 */
import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { Logger } from '#server/logger.ts';
import { isJobName, JOBS, type JobData, type JobName, type QueueName } from '#server/queues.ts';

export type JobHandlers = { [N in JobName]: (data: JobData<N>, job: Job) => Promise<unknown> };

export function jobProcessor(queue: QueueName, handlers: JobHandlers, logger: Logger): Processor {
  return async (job: Job) => {
    if (!isJobName(job.name) || JOBS[job.name].queue !== queue) {
      logger.error({ queue, job: job.name, id: job.id }, 'unknown job refused');
      throw new UnrecoverableError(`unknown ${queue} job ${job.name}`);
    }
    const name: JobName = job.name;
    const parsed = JOBS[name].data.safeParse(job.data ?? {});
    if (!parsed.success) {
      logger.error(
        {
          queue,
          job: name,
          id: job.id,
          issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        },
        'job with bad data refused',
      );
      throw new UnrecoverableError(`bad data for ${name}`);
    }
    const handler = handlers[name] as (data: unknown, job: Job) => Promise<unknown>;
    return handler(parsed.data, job);
  };
}
