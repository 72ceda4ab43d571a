// Messaging end to end (issue 22): N SMS queued through the notifications service's batch path (render,
// idempotency keys, one INSERT and one BullMQ addBulk per 1,000; one send job per 50 messages, claimed in one
// statement and marked sent in one), sent by in-process workers through SMS.ru's
// HTTP shape to a local fake provider, with the DNC check (per message, in the claiming statement), the
// quiet-hours rule and the "sending" state of every send. Reports messages/s from the first enqueue to the
// last `sent`, and the p50/p99 from each message's queuedAt to its sentAt, with the machine's load average.
// `--messages=N` (default 100,000; the target is 1,000/s on 2 cores), `--concurrency=C` (worker
// concurrency: send jobs of 50 messages each at once, default 8), `--batch=B` (messages per enqueue call, default 1,000; 1 = one request each).
// Progress goes to stdout; the last line is one JSON object.
import { loadavg } from 'node:os';
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';
import { startFakeMessagingProvider } from '../tests/support/fake-messaging-provider.ts';
import type { JobHandlers } from '../workers/job-processor.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const MESSAGES = Number(arg('messages') ?? 100_000);
const CONCURRENCY = Number(arg('concurrency') ?? 8);
const BATCH = Number(arg('batch') ?? 1000);

await prepareBenchDb('vp_bench_messaging');
const fake = await startFakeMessagingProvider({ record: false });
process.env.SMSRU_API_URL = fake.url;
const { db, disconnectDb } = await import('#server/db.ts');
const { closeQueues, createWorker, QUEUES } = await import('#server/queues.ts');
const { createLogger } = await import('#server/logger.ts');
const { addMember, createProject, createUser } = await import('../tests/support/factories.ts');
const { createChannel } = await import('#server/messaging/channels.server.ts');
const { enqueueMessage, enqueueMessages } = await import('#server/messaging/messages.server.ts');
const { jobProcessor } = await import('../workers/job-processor.ts');
const { messagingHandlers } = await import('../workers/messaging/message-jobs.ts');

const user = await createUser(db(), { email: 'msg-bench@bench.local' });
const project = await createProject(db(), 'Messaging bench');
await addMember(db(), project.id, user.id, 'owner');
const ctx = {
  access: {
    actor: { type: 'user' as const, id: user.id, user: { id: user.id, email: user.email, name: null } },
    user: { id: user.id, email: user.email, name: null },
    projectId: project.id,
    role: 'owner' as const,
  },
  client: { ip: '127.0.0.1', userAgent: 'bench' },
};
const channel = await createChannel(ctx, { name: 'SMS', kind: 'smsru', settings: {}, secret: 'bench-key' });

// Delivery reports are polled 20 s after each batch is sent (one job per batch): in a long run they share the
// worker with the sends, as they do in production for a channel without a callback.
const worker = createWorker(
  { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! },
  QUEUES.messaging,
  jobProcessor(
    QUEUES.messaging,
    messagingHandlers() as unknown as JobHandlers,
    createLogger('bench', 'silent'),
  ),
  CONCURRENCY,
);

const loadBefore = loadavg()[0]!;
// CPU this process spends (workers, the fake provider and the enqueue path; not Postgres or Redis): a figure
// the machine's load does not bend the way wall-clock rates bend.
const cpuBefore = process.cpuUsage();
console.log(`queueing ${MESSAGES} messages (load ${loadBefore.toFixed(1)})…`);
const started = Date.now();
const input = (n: number) => ({
  channelId: channel.id,
  to: `+7916${String(n).padStart(7, '0')}`,
  text: `Запись подтверждена: ${n}`,
  idempotencyKey: `bench-${n}`,
  variables: {},
});
for (let from = 0; from < MESSAGES; from += BATCH) {
  const size = Math.min(BATCH, MESSAGES - from);
  if (BATCH === 1) await enqueueMessage(project.id, input(from));
  else
    await enqueueMessages(
      project.id,
      Array.from({ length: size }, (_, i) => input(from + i)),
    );
}
const enqueuedMs = Date.now() - started;
console.log(`queued in ${enqueuedMs} ms; waiting for the sends…`);
for (;;) {
  const left = await db().message.count({
    where: { projectId: project.id, status: { in: ['queued', 'sending'] } },
  });
  if (left === 0) break;
  await new Promise((r) => setTimeout(r, 250));
}
const rows = await db().message.findMany({
  where: { projectId: project.id },
  select: { queuedAt: true, sentAt: true, status: true },
});
const last = Math.max(...rows.map((r) => r.sentAt?.getTime() ?? 0));
const latencies = rows.filter((r) => r.sentAt).map((r) => r.sentAt!.getTime() - r.queuedAt.getTime());
const sent = rows.filter((r) => r.sentAt).length;
const cpu = process.cpuUsage(cpuBefore);
const review = rows.filter((r) => r.status === 'review').length;

await worker.close();
await fake.close();
await closeQueues();
await disconnectDb();
console.log(
  JSON.stringify({
    messages: MESSAGES,
    sent,
    worker_concurrency: CONCURRENCY,
    enqueue_batch: BATCH,
    load_1m_before: round(loadBefore, 1),
    load_1m_after: round(loadavg()[0]!, 1),
    enqueue_per_s: round(MESSAGES / (enqueuedMs / 1000), 1),
    end_to_end_messages_per_s: round(MESSAGES / ((last - started) / 1000), 1),
    enqueue_to_sent_p50_ms: percentile(latencies, 50),
    enqueue_to_sent_p99_ms: percentile(latencies, 99),
    needs_review: review,
    process_cpu_ms_per_message: round((cpu.user + cpu.system) / 1000 / MESSAGES, 3),
  }),
);
process.exit(0);
