// The campaign dialer alone, as a process: dial jobs from the campaigns queue and its own tick. Runs beside
// (or instead of) the full workers process; the crash test starts several and kills one with SIGKILL.
import type { Job } from 'bullmq';
import { db, disconnectDb } from '#server/db.ts';
import { databaseEnv, redisEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { createLogger } from '#server/logger.ts';
import { closeQueues, createWorker, QUEUES } from '#server/queues.ts';
import { createRedis } from '#server/redis.ts';
import { CAMPAIGN_TICK_MS, campaignHandlers, dialerDeps } from './campaign-jobs.ts';

const env = loadEnvOrExit(databaseEnv.extend(redisEnv.shape), 'dialer');
const logger = createLogger('dialer', 'warn');
const redis = createRedis(env);
const deps = dialerDeps({ db: db(), redis, logger });
const handlers = campaignHandlers(() => deps);
const worker = createWorker(
  env,
  QUEUES.campaigns,
  async (job: Job) => {
    if (job.name === 'campaign-dial')
      return handlers['campaign-dial'](job.data as { attemptId: string }, job);
    if (job.name === 'campaign-tick') return handlers['campaign-tick']();
    return null;
  },
  4,
);
const tickMs = Number(process.argv[2] ?? CAMPAIGN_TICK_MS);
let ticking = false;
const timer = setInterval(() => {
  if (ticking) return;
  ticking = true;
  void handlers['campaign-tick']()
    .catch((error: unknown) => process.stderr.write(`campaign tick failed: ${String(error)}\n`))
    .finally(() => {
      ticking = false;
    });
}, tickMs);
const stop = async () => {
  clearInterval(timer);
  await worker.close();
  await closeQueues();
  await redis.quit();
  await disconnectDb();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
