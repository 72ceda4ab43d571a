// The messaging queue's handlers (issue 22): send one message, then ask the provider for its delivery report.
import type { Job } from 'bullmq';
import { db } from '#server/db.ts';
import type { Redis } from 'ioredis';
import { enqueueJob, enqueueJobs } from '#server/queues.ts';
import { redisEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { createRedis } from '#server/redis.ts';
import {
  checkDelivery,
  checkDeliveryMany,
  sendQueuedBatch,
  sendQueuedMessage,
  type SendDeps,
} from '#server/messaging/send-message.server.ts';

/** A deferred send is a new job (the running one holds the message's job id), named by when it runs. */
export const requeueMessage = (messageId: string, delayMs: number) =>
  enqueueJob(
    'send-message',
    { messageId },
    { jobId: `message-${messageId}-at-${Date.now() + delayMs}`, delay: delayMs },
  );

const DLR_FIRST_CHECK_MS = 20_000;
const RETRY_FIRST_MS = 2_000;

let limitsRedis: Redis | undefined;
/** The connection for the channels' rate windows and caps, made on first use unless one is handed in. */
const sendRedis = () => (limitsRedis ??= createRedis(parseEnv(redisEnv, 'messaging')));

export function messagingHandlers(deps: Partial<SendDeps> = {}) {
  const full = (): SendDeps => ({
    db: db(),
    requeue: requeueMessage,
    redis: deps.redis ?? sendRedis(),
    ...deps,
  });
  return {
    'send-message': async ({ messageId }: { messageId: string }, job: Job) => {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const result = await sendQueuedMessage(full(), messageId, finalAttempt);
      // Delivery reports are polled only where the provider has a status query; the query itself says
      // "sent" again for providers without one, and the callback (when the channel has one) may settle it first.
      if (result.status === 'sent' && result.pollDelivery)
        await enqueueJob('check-message-delivery', { messageId }, { delay: DLR_FIRST_CHECK_MS });
      return result;
    },
    'send-messages': async ({ messageIds }: { messageIds: string[] }) => {
      const result = await sendQueuedBatch(full(), messageIds);
      // Each retry is its own job from here, with the single send's backoff (its job id is the message's).
      if (result.retry.length)
        await enqueueJobs(
          'send-message',
          result.retry.map((messageId) => ({ messageId })),
          { delay: RETRY_FIRST_MS },
        );
      const poll = result.sent.filter((s) => s.pollDelivery).map((s) => s.id);
      if (poll.length)
        await enqueueJob('check-messages-delivery', { messageIds: poll }, { delay: DLR_FIRST_CHECK_MS });
      return { sent: result.sent.length, retry: result.retry.length, other: result.other };
    },
    'check-messages-delivery': async ({ messageIds }: { messageIds: string[] }) => {
      const report = await checkDeliveryMany(full(), messageIds);
      // Settled ones are not asked about again on the next round; only the rest are.
      if (report.pending > 0) throw new Error(`${report.pending} not settled yet`);
      return report;
    },
    'check-message-delivery': async ({ messageId }: { messageId: string }) => {
      const state = await checkDelivery(full(), messageId);
      // Still on its way: throwing lets BullMQ ask again later (exponential backoff, 8 attempts).
      if (state === 'sent') throw new Error('not settled yet');
      return { state };
    },
  };
}
