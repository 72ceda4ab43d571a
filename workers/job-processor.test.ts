// Typed jobs with real Redis and BullMQ: a job queued through the table reaches its handler with parsed
// data; an unknown name or data that does not fit its schema is refused with a logged error and fails once,
// without retries, and the worker goes on with the next job. The producer refuses bad data before Redis.
import { Writable } from 'node:stream';
import type { Job } from 'bullmq';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { redisEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { closeQueues, createQueue, createWorker, enqueueJob, QUEUES } from '#server/queues.ts';
import { jobProcessor, type JobHandlers } from './job-processor.ts';

const env = parseEnv(redisEnv, 'test');
const logged: { msg: string; job?: string }[] = [];
const logger = pino(
  { level: 'error' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString()) as { msg: string; job?: string });
      done();
    },
  }),
);
const seen: unknown[] = [];
const handlers: JobHandlers = {
  'purge-expired-tokens': async () => ({ removed: 0 }),
  'deliver-webhook': async () => ({}),
  'send-message': async () => ({}),
  'check-message-delivery': async () => ({}),
  'send-messages': async () => ({}),
  'check-messages-delivery': async () => ({}),
  'remove-project': async (data) => {
    seen.push(data);
    return { removed: data.projectId };
  },
  'remove-forgotten-projects': async () => ({ removed: 0 }),
  'resync-due': async () => ({ queued: 0 }),
  'index-source': async () => ({ chunks: 0 }),
  'campaign-tick': async () => ({ campaigns: 0 }),
  'campaign-dial': async () => ({ result: 'gone' }),
};
const raw = createQueue(env, QUEUES.maintenance);
const worker = createWorker(env, QUEUES.maintenance, jobProcessor(QUEUES.maintenance, handlers, logger));

afterAll(async () => {
  await worker.close();
  await raw.obliterate({ force: true });
  await raw.close();
  await closeQueues();
});

async function settled(job: Job): Promise<Job> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // The state first, then the job: read the other way round the job could be from before it settled.
    const state = await raw.getJobState(job.id!);
    if (state === 'completed' || state === 'failed') return (await raw.getJob(job.id!))!;
    if (Date.now() > deadline) throw new Error(`job ${job.name} did not finish`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('typed worker jobs', () => {
  it('refuses bad data and unknown names with a logged error, then runs a good job', async () => {
    const bad = await settled(await raw.add('remove-project', { projectId: 'not-a-uuid' }, { attempts: 3 }));
    expect(bad.failedReason).toBe('bad data for remove-project');
    expect(bad.attemptsMade).toBe(1);
    const unknown = await settled(await raw.add('make-coffee', {}, { attempts: 3 }));
    expect(unknown.failedReason).toMatch(/unknown maintenance job make-coffee/);
    // A knowledge job on the maintenance queue is as unknown here.
    const wrongQueue = await settled(await raw.add('index-source', { sourceId: crypto.randomUUID() }));
    expect(wrongQueue.failedReason).toMatch(/unknown maintenance job index-source/);
    expect(logged.map((l) => [l.msg, l.job])).toEqual([
      ['job with bad data refused', 'remove-project'],
      ['unknown job refused', 'make-coffee'],
      ['unknown job refused', 'index-source'],
    ]);
    // Earlier test files in this worker may leave due jobs of their own (a deleted project's removal): only
    // this test's jobs count.
    expect(seen).not.toContainEqual(expect.objectContaining({ projectId: 'not-a-uuid' }));

    const projectId = crypto.randomUUID();
    await enqueueJob('remove-project', { projectId, connectionIds: [] }, { delay: 0 });
    const good = await settled((await raw.getJob(`remove-project-${projectId}`))!);
    expect(good.returnvalue).toEqual({ removed: projectId });
    expect(seen.filter((d) => (d as { projectId: string }).projectId === projectId)).toEqual([
      { projectId, connectionIds: [] },
    ]);
    expect(worker.isRunning()).toBe(true);
  });

  it('the producer refuses data that does not fit the job’s schema', async () => {
    await expect(
      enqueueJob('index-source', { sourceId: 'nope' } as unknown as { sourceId: string }),
    ).rejects.toThrow();
  });
});
