// The workers process: BullMQ processors, one per queue, dispatching by the job table (#server/queues.ts)
// to the handlers below. Later features (indexing, analysis, campaigns, costs) add a table entry and a
// handler here.
import { db, disconnectDb } from '#server/db.ts';
import { loadDotenv } from '#server/env/dotenv.ts';
import { workersEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { onShutdown } from '#server/http/graceful-shutdown.ts';
import { createLogger } from '#server/logger.ts';
import { createProcessRegistry } from '#server/metrics/process-registry.ts';
import { indexSource } from '#server/knowledge-base/index-source.server.ts';
import { knowledgeSettings } from '#server/knowledge-base/knowledge-settings.server.ts';
import { closeQueues, createQueue, createWorker, QUEUES } from '#server/queues.ts';
import { closeSmppLinks } from '#server/messaging/smpp-links.server.ts';
import { createRedis } from '#server/redis.ts';
import { warnIfRedisNotDurable } from '#server/redis-durability.ts';
import { enqueueDueResyncs } from './jobs/resync-knowledge.ts';
import { purgeExpiredTokens } from './jobs/purge-expired-tokens.ts';
import { removeDeletedProject, removeForgottenProjects, type RemovalDeps } from './jobs/remove-project.ts';
import { jobProcessor, type JobHandlers } from './job-processor.ts';
import { analysisLlmFromEnv, startAnalysisLoop } from './call-records/analysis-loop.ts';
import { CallEventsConsumer } from './call-records/call-events-consumer.ts';
import { queueMetrics } from './metrics/queue-metrics.ts';
import { createWorkersHttp, workersExposureProblem } from './workers-http.ts';
import { BusConsumer } from '#server/events/bus-consumer.ts';
import { enqueueJob } from '#server/queues.ts';
import { attemptDelivery, DeliveryRetry } from '#server/webhooks/webhook-delivery.server.ts';
import { deliveriesFor, WEBHOOK_GROUP } from '#server/webhooks/webhook-dispatch.server.ts';
import { webhookSecrets } from '#server/webhooks/webhooks.server.ts';
import { webhookAllowHosts } from '#server/webhooks/webhook-allow-hosts.ts';
import { startHandoffLoop } from './handoffs/handoff-loop.ts';
import { CAMPAIGN_TICK_MS, campaignHandlers, dialerDeps } from './campaigns/campaign-jobs.ts';
import { messagingHandlers } from './messaging/message-jobs.ts';

loadDotenv();
const env = loadEnvOrExit(workersEnv, 'workers');
const logger = createLogger('workers', env.LOG_LEVEL);
const exposure = workersExposureProblem(env.WORKERS_HTTP_HOST, env.METRICS_TOKEN);
if (exposure) {
  logger.fatal(exposure);
  console.error(exposure);
  process.exit(1);
}
const registry = createProcessRegistry();

const maintenance = createQueue(env, QUEUES.maintenance);
await maintenance.upsertJobScheduler(
  'purge-expired-tokens',
  { every: 3600_000 },
  { name: 'purge-expired-tokens' },
);

// Deleted projects: each deletion queues its removal; the sweep catches one whose job was lost.
await maintenance.upsertJobScheduler(
  'remove-forgotten-projects',
  { every: 900_000 },
  { name: 'remove-forgotten-projects' },
);
const removalRedis = createRedis(env);
// Queues, the call-event stream and conversation state live in Redis: say so at start if it may lose them.
void warnIfRedisNotDurable(removalRedis, logger);
const removalDeps = (): RemovalDeps => ({
  db: db(),
  redis: removalRedis,
  recordingsDir: env.RECORDINGS_DIR,
  typesense: knowledgeSettings().typesense,
});

const campaignRedis = createRedis(env);
const dialer = dialerDeps({ db: db(), redis: campaignRedis, logger });

const handlers: JobHandlers = {
  ...campaignHandlers(() => dialer),
  ...messagingHandlers({ redis: campaignRedis }),
  'purge-expired-tokens': async () => {
    const removed = await purgeExpiredTokens(db());
    logger.info({ job: 'purge-expired-tokens', removed }, 'job done');
    return { removed };
  },
  'remove-project': async ({ projectId, connectionIds }) => {
    const result = await removeDeletedProject(removalDeps(), projectId, connectionIds);
    logger.info({ job: 'remove-project', projectId, ...result }, 'deleted project removed');
    return result;
  },
  'remove-forgotten-projects': async () => ({ removed: await removeForgottenProjects(removalDeps()) }),
  'resync-due': async () => ({ queued: await enqueueDueResyncs(db()) }),
  'deliver-webhook': async ({ deliveryId }, job) => {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await attemptDelivery(
      { db: db(), secrets: webhookSecrets(), allowHosts: webhookAllowHosts() },
      deliveryId,
      finalAttempt,
    );
    // The row has the details; the throw makes BullMQ try again later (exponential backoff).
    if (outcome.status === 'retry') throw new DeliveryRetry(outcome.error);
    return outcome;
  },
  'index-source': async ({ sourceId }, job) => {
    const result = await indexSource(sourceId, {
      onProgress: (p) => void job.updateProgress(p),
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    logger.info({ job: 'index-source', sourceId, ...result }, 'source indexed');
    return result;
  },
};

const worker = createWorker(env, QUEUES.maintenance, jobProcessor(QUEUES.maintenance, handlers, logger));
worker.on('failed', (job, err) => logger.error({ job: job?.name, err: err.message }, 'job failed'));

// Knowledge indexing: extraction and chunking are CPU work, fetching is I/O; two at a time keeps the web
// process responsive on small machines.
const knowledge = createQueue(env, QUEUES.knowledge);
await knowledge.upsertJobScheduler('resync-due', { every: 600_000 }, { name: 'resync-due' });
const knowledgeWorker = createWorker(
  env,
  QUEUES.knowledge,
  jobProcessor(QUEUES.knowledge, handlers, logger),
  2,
);
knowledgeWorker.on('failed', (job, err) =>
  logger.warn({ job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'indexing attempt failed'),
);

// Campaigns: the dialer's tick plans calls; dial jobs place them (several at once: each waits on I/O only).
const campaigns = createQueue(env, QUEUES.campaigns);
await campaigns.upsertJobScheduler('campaign-tick', { every: CAMPAIGN_TICK_MS }, { name: 'campaign-tick' });
const campaignWorker = createWorker(
  env,
  QUEUES.campaigns,
  jobProcessor(QUEUES.campaigns, handlers, logger),
  8,
);
campaignWorker.on('failed', (job, err) =>
  logger.warn({ job: job?.name, err: err.message }, 'campaign job failed'),
);

// Messaging (issue 22): sends wait on the providers' HTTP APIs only, so several run at once.
const messaging = createQueue(env, QUEUES.messaging);
const messagingWorker = createWorker(
  env,
  QUEUES.messaging,
  jobProcessor(QUEUES.messaging, handlers, logger),
  16,
);
messagingWorker.on('failed', (job, err) =>
  logger.info({ job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'messaging attempt failed'),
);

// Call records: the gateway's events (a Redis Stream) become calls, turns and events in Postgres.
const callEventsRedis = createRedis(env, { forWorker: true });
// Handoffs (issue 20): offers to operators, misses and overflow; kicked when a caller joins a queue.
const handoffRedis = createRedis(env);
const handoffs = startHandoffLoop({ db: db(), redis: handoffRedis }, logger);
const callRecords = new CallEventsConsumer({
  redis: callEventsRedis,
  db: db(),
  logger,
  onHandoffsChanged: handoffs.kick,
});
await callRecords.start();
// Post-call analysis: summary and outcome fields, by the LLM when one is configured, else from the slots.
const analysis = startAnalysisLoop({ db: db(), llm: analysisLlmFromEnv(), logger });

// Webhooks (ADR 018): the `webhooks` consumer group turns bus events into delivery rows (idempotent by event
// id) and queues one job each; the webhooks queue sends them, signed, with retries for about a day.
const webhooksWorker = createWorker(env, QUEUES.webhooks, jobProcessor(QUEUES.webhooks, handlers, logger), 4);
webhooksWorker.on('failed', (job, err) =>
  logger.info({ job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'webhook attempt failed'),
);
const busRedis = createRedis(env, { forWorker: true });
const webhookDispatch = new BusConsumer({
  redis: busRedis,
  logger,
  group: WEBHOOK_GROUP,
  consumer: `workers-${process.pid}`,
  handle: async (event) => {
    for (const deliveryId of await deliveriesFor(db(), event))
      await enqueueJob('deliver-webhook', { deliveryId });
  },
});
await webhookDispatch.start();

// Queue depth, job durations and failures per queue for Prometheus, beside the process metrics.
const webhooksQueue = createQueue(env, QUEUES.webhooks);
const queues = queueMetrics(registry, [maintenance, knowledge, webhooksQueue, campaigns, messaging]);
queues.watch(worker);
queues.watch(knowledgeWorker);
queues.watch(webhooksWorker);
queues.watch(campaignWorker);
queues.watch(messagingWorker);

// Liveness for process supervisors and /metrics for Prometheus; the workers serve nothing else over HTTP.
const health = createWorkersHttp({
  alive: () => worker.isRunning() && knowledgeWorker.isRunning(),
  registry,
  metricsToken: env.METRICS_TOKEN,
});
health.listen(env.WORKERS_HEALTH_PORT, env.WORKERS_HTTP_HOST);
logger.info({ queues: Object.values(QUEUES), healthPort: env.WORKERS_HEALTH_PORT }, 'workers running');

onShutdown(
  logger,
  [health],
  [
    () => worker.close(),
    () => knowledgeWorker.close(),
    () => webhooksWorker.close(),
    () => webhookDispatch.stop(),
    () => busRedis.quit().then(() => undefined),
    () => campaignWorker.close(),
    () => messagingWorker.close(),
    // SMPP links stay bound between sends (for receipts and replies): unbound once no send can start.
    () => closeSmppLinks(),
    () => messaging.close(),
    () => campaigns.close(),
    () => campaignRedis.quit().then(() => undefined),
    () => callRecords.stop(),
    () => Promise.resolve(handoffs.stop()),
    () => handoffRedis.quit().then(() => undefined),
    () => analysis.stop(),
    () => callEventsRedis.quit().then(() => undefined),
    () => removalRedis.quit().then(() => undefined),
    () => maintenance.close(),
    () => webhooksQueue.close(),
    () => knowledge.close(),
    () => closeQueues(),
    () => disconnectDb(),
  ],
);
