// The workers' /metrics over their own small HTTP port, with real Redis and BullMQ: process metrics, queue
// depth by state, job durations, completions and failures per queue, read with a Prometheus text parser;
// /healthz beside it; the exposure rule for a non-loopback address.
import type { AddressInfo } from 'node:net';
import type { Job, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { createProcessRegistry } from '#server/metrics/process-registry.ts';
import { createQueue, createWorker, QUEUES } from '#server/queues.ts';
import { PROCESS_METRICS, parseScrape, samplesOf, valueOf } from '../../tests/support/prometheus-scrape.ts';
import { createWorkersHttp, workersExposureProblem } from '../workers-http.ts';
import { queueMetrics } from './queue-metrics.ts';

const env = parseEnv(redisEnv, 'test');
const queue = createQueue(env, QUEUES.knowledge);
const registry = createProcessRegistry();
const metrics = queueMetrics(registry, [queue]);
let worker: Worker | undefined;
const http = createWorkersHttp({
  alive: () => worker?.isRunning() ?? false,
  registry,
  metricsToken: undefined,
});
let base = '';

beforeAll(async () => {
  // The Redis prefix is per Vitest worker, shared with the files that ran before this one in it (knowledge
  // tests leave index jobs, some retrying): start from an empty queue so the counts are this file's own, and
  // only then start the worker, so it does not run their jobs either.
  await queue.obliterate({ force: true });
  worker = createWorker(env, QUEUES.knowledge, async (job: Job) => {
    if (job.name === 'always-fails') throw new Error('no luck');
    return { ok: true };
  });
  metrics.watch(worker);
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  http.close();
  await worker?.close();
  await queue.obliterate({ force: true });
  await queue.close();
});

async function settled(id: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const state = await queue.getJobState(id);
    if (state === 'completed' || state === 'failed') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not settle`);
}

describe('workers /metrics', () => {
  it('serves process metrics, queue depth by state and job outcomes per queue', async () => {
    const ok = await queue.add('works', {});
    const bad = await queue.add('always-fails', {});
    await queue.add('later', {}, { delay: 600_000 });
    await settled(ok.id!);
    await settled(bad.id!);
    // The worker's events come after the state change in Redis: give them a moment.
    await new Promise((r) => setTimeout(r, 200));

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const scrape = parseScrape(await res.text());
    for (const name of PROCESS_METRICS) expect(scrape.has(name), name).toBe(true);
    const depth = { queue: QUEUES.knowledge };
    expect(valueOf(scrape, 'bullmq_queue_jobs', { ...depth, state: 'delayed' })).toBe(1);
    expect(valueOf(scrape, 'bullmq_queue_jobs', { ...depth, state: 'waiting' })).toBe(0);
    expect(valueOf(scrape, 'bullmq_queue_jobs', { ...depth, state: 'failed' })).toBe(1);
    expect(valueOf(scrape, 'bullmq_queue_jobs', { ...depth, state: 'completed' })).toBe(1);
    expect(valueOf(scrape, 'bullmq_jobs_completed_total', { ...depth, name: 'works' })).toBe(1);
    expect(valueOf(scrape, 'bullmq_jobs_failed_total', { ...depth, name: 'always-fails' })).toBe(1);
    const durations = samplesOf(scrape, 'bullmq_job_duration_seconds', depth);
    expect(durations.map((d) => `${d.labels.name}:${d.labels.status}:${d.count}`).sort()).toEqual([
      'always-fails:failed:1',
      'works:completed:1',
    ]);
  });

  it('answers /healthz, and /metrics only to direct local peers without a token', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const forwarded = await fetch(`${base}/metrics`, { headers: { forwarded: 'for=203.0.113.7' } });
    expect(forwarded.status).toBe(401);
  });

  it('refuses to listen beyond loopback without METRICS_TOKEN', () => {
    expect(workersExposureProblem('127.0.0.1', undefined)).toBeNull();
    expect(workersExposureProblem('0.0.0.0', undefined)).toMatch(/METRICS_TOKEN/);
    expect(workersExposureProblem('0.0.0.0', 'a-token-of-16-chars')).toBeNull();
  });
});
