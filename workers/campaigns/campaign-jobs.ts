/**
 * The campaign dialer in the workers process: a tick every two seconds (settle, plan, complete) and the dial
 * jobs it queues. Any number of worker processes may run it: planning is serialised per campaign by an
 * advisory lock, pacing is shared in Redis, and each attempt is dialled once (dial-attempt.ts).
 */
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { dialAttempt } from '#server/campaigns/dialer/dial-attempt.ts';
import type { DialerDeps } from '#server/campaigns/dialer/dialer-deps.ts';
import { dispatchCampaign } from '#server/campaigns/dialer/dispatch.ts';
import { campaignTick } from '#server/campaigns/dialer/settle.ts';
import type { Db } from '#server/db.ts';
import type { Logger } from '#server/logger.ts';
import { enqueueJob, type JobData } from '#server/queues.ts';
import { publishTelephony } from '#server/telephony/telephony-bus.server.ts';

export const CAMPAIGN_TICK_MS = 2_000;

export function dialerDeps(opts: { db: Db; redis: Redis; logger: Logger }): DialerDeps {
  return {
    db: opts.db,
    redis: opts.redis,
    logger: opts.logger,
    now: () => new Date(),
    enqueueDial: (attemptId, jobId) => enqueueJob('campaign-dial', { attemptId }, { jobId }),
    originate: (projectId, testCallId) =>
      publishTelephony({ type: 'test-call.requested', projectId, testCallId }, opts.redis),
  };
}

export function campaignHandlers(deps: () => DialerDeps) {
  return {
    'campaign-tick': async () => campaignTick(deps(), dispatchCampaign),
    'campaign-dial': async ({ attemptId }: JobData<'campaign-dial'>, _job: Job) => ({
      result: await dialAttempt(deps(), attemptId),
    }),
  };
}
