/**
 * The dial of one claimed attempt (a BullMQ job, id = the attempt's): the compliance check at the moment of
 * dialling, then, in one transaction that re-reads the campaign's status under a share lock (so a pause that
 * commits first stops it), the attempt turns `dialing` and its test-call row is written. That row is the
 * idempotent originate: a media server claims it once (queued → trying), so publishing it again after a
 * crash can never place a second call. A job run twice finds the attempt no longer `claimed` and stops.
 */
import { checkDial } from '../../compliance/dial-check.server.ts';
import { complianceRulesFor } from '../../compliance/compliance-settings.server.ts';
import { formatCallerId } from './caller-id-choice.ts';
import { scheduleInput } from '../campaign-input.ts';
import { contactZones } from './calling-window.ts';
import type { DialerDeps } from './dialer-deps.ts';
import { takeDialSlots } from './rate-limiter.ts';

export type DialResult = 'dialled' | 'gone' | 'released' | 'refused' | 'no_media_server';

export async function dialAttempt(deps: DialerDeps, attemptId: string): Promise<DialResult> {
  const { db } = deps;
  // findFirst: concurrent findUnique calls are batched, and a batched include panics in Prisma 7.10.
  const attempt = await db.campaignAttempt.findFirst({
    where: { id: attemptId },
    include: { contact: true, campaign: true },
  });
  if (!attempt || attempt.status !== 'claimed') return 'gone';
  const { campaign, contact } = attempt;
  if (campaign.status !== 'running')
    return (await release(deps, attemptId, contact.id)) ? 'released' : 'gone';

  const now = deps.now();
  const schedule = scheduleInput.parse(campaign.schedule ?? {});
  const verdict = await checkDial(db, {
    projectId: campaign.projectId,
    campaignId: campaign.id,
    contactId: contact.id,
    phone: contact.phone,
    zones: contactZones(contact, schedule),
    now,
    rules: await complianceRulesFor(campaign.projectId, db),
    requireConsent: campaign.requireConsent,
  });
  if (!verdict.ok) {
    // A refusal is not a dial: the attempt row goes (the refusal table keeps the record) and the number is
    // free again; a refusal that passes with time puts the contact back for then.
    await db.$transaction(async (tx) => {
      const gone = await tx.campaignAttempt.deleteMany({ where: { id: attemptId, status: 'claimed' } });
      if (gone.count === 0) return;
      await tx.campaignContact.update({
        where: { id: contact.id },
        data: verdict.retryAt
          ? {
              status: 'pending',
              attemptCount: { decrement: 1 },
              nextAttemptAt: verdict.retryAt,
              lastOutcome: `refused_${verdict.reason}`,
            }
          : {
              status: verdict.reason === 'dnc' ? 'dnc' : 'failed',
              attemptCount: { decrement: 1 },
              lastOutcome: `refused_${verdict.reason}`,
            },
      });
    });
    return 'refused';
  }

  // Calls per minute hold when calls are placed: a job that ran late finds its minute full, gives its claim
  // back, and the contact is claimed again in a later minute.
  const placed = await takeDialSlots(deps.redis, campaign.id, {
    perMinute: campaign.callsPerMinute,
    want: 1,
    now,
    window: 'placed',
  });
  if (placed === 0) return (await release(deps, attemptId, contact.id)) ? 'released' : 'gone';

  const testCallId = await db.$transaction(
    async (tx) => {
      const [state] = await tx.$queryRaw<{ status: string }[]>`
      SELECT status FROM campaigns WHERE id = ${campaign.id}::uuid FOR SHARE`;
      if (state?.status !== 'running') return null;
      const turned = await tx.campaignAttempt.updateMany({
        where: { id: attemptId, status: 'claimed' },
        data: { status: 'dialing', dialedAt: now },
      });
      if (turned.count === 0) return undefined;
      const call = await tx.testCall.create({
        data: {
          projectId: campaign.projectId,
          connectionId: campaign.connectionId,
          agentId: campaign.agentId,
          versionId: campaign.versionId ?? '',
          to: contact.phone,
          callerId: await formatCallerId(tx, campaign),
        },
      });
      await tx.campaignAttempt.update({ where: { id: attemptId }, data: { testCallId: call.id } });
      return call.id;
    },
    // Prisma's defaults (2 s to start, 5 s to finish) fail dials on a busy database; a share lock may wait.
    { maxWait: 10_000, timeout: 20_000 },
  );
  if (testCallId === undefined) return 'gone';
  if (testCallId === null) return (await release(deps, attemptId, contact.id)) ? 'released' : 'gone';
  const heard = await deps.originate(campaign.projectId, testCallId).catch(() => 0);
  if (heard === 0) {
    // Nobody took it: the settle pass publishes it again, and gives up after a while (settle.ts).
    deps.logger.warn({ attemptId, testCallId }, 'no media server heard the campaign call');
    return 'no_media_server';
  }
  return 'dialled';
}

/** Paused or cancelled before the dial: the claim is undone, the contact waits for the resume. */
async function release(deps: DialerDeps, attemptId: string, contactId: string): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const gone = await tx.campaignAttempt.deleteMany({ where: { id: attemptId, status: 'claimed' } });
    if (gone.count === 0) return false;
    await tx.campaignContact.updateMany({
      where: { id: contactId, status: 'dialing' },
      data: { status: 'pending', attemptCount: { decrement: 1 } },
    });
    return true;
  });
}
