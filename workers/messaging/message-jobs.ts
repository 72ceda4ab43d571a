// The messaging queue's handlers (issue 22): send one message, then ask the provider for its delivery report.
import type { Job } from 'bullmq';
import { db } from '#server/db.ts';
import type { Redis } from 'ioredis';
import { enqueueJob } from '#server/queues.ts';
import { redisEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { createRedis } from '#server/redis.ts';
import { checkDelivery, sendQueuedMessage, type SendDeps } from '#server/messaging/send-message.server.ts';

/** A deferred send is a new job (the running one holds the message's job id), named by when it runs. */
export const requeueMessage = (messageId: string, delayMs: number) =>
  enqueueJob(
    'send-message',
    { messageId },
    { jobId: `message-${messageId}-at-${Date.now() + delayMs}`, delay: delayMs },
  );

const DLR_FIRST_CHECK_MS = 20_000;

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
    'check-message-delivery': async ({ messageId }: { messageId: string }) => {
      const state = await checkDelivery(full(), messageId);
      // Still on its way: throwing lets BullMQ ask again later (exponential backoff, 8 attempts).
      if (state === 'sent') throw new Error('not settled yet');
      return { state };
    },
  };
}
