/**
 * One planning pass over a running campaign: how many calls may start now (concurrency left, and the
 * per-minute limit shared in Redis), which contacts are due and inside their window, and the claim of an
 * attempt for each, in one transaction under the campaign's advisory lock, so two worker processes never
 * plan the same capacity twice. Claimed attempts are queued as dial jobs whose id is the attempt's.
 */
import { complianceRulesFor } from '../../compliance/compliance-settings.server.ts';
import { allowedEverywhere, nextAllowed } from '../../compliance/local-time.ts';
import { scheduleInput } from '../campaign-input.ts';
import { contactZones, pastEndDate, windowRules } from './calling-window.ts';
import type { DialerDeps } from './dialer-deps.ts';
import { takeDialSlots } from './rate-limiter.ts';

export const LIVE_ATTEMPT = ['claimed', 'dialing', 'analysing'] as const;
/** Only attempts that hold a line count against concurrency; one waiting for its analysis does not. */
const HOLDING_LINE = ['claimed', 'dialing'];

/**
 * One dial job per attempt row. Not per contact and attempt number: a claim a pause gave back is claimed again
 * after the resume as a new row with the same number, and its job would fold into the old one, which BullMQ
 * keeps among its completed jobs, so the contact would never be called.
 */
export const dialJobId = (a: { id: string }): string => `dial-${a.id}`;

export interface DispatchResult {
  claimed: number;
  /** Contacts looked at (the bench's "dial decisions"). */
  decided: number;
  deferred: number;
  expired: number;
}

export async function dispatchCampaign(deps: DialerDeps, campaignId: string): Promise<DispatchResult> {
  const none = { claimed: 0, decided: 0, deferred: 0, expired: 0 };
  const campaign = await deps.db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign || campaign.status !== 'running') return none;
  const schedule = scheduleInput.parse(campaign.schedule ?? {});
  const rules = windowRules(schedule, await complianceRulesFor(campaign.projectId, deps.db));
  const now = deps.now();

  const claimed = await deps.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`campaign:${campaignId}`}))`;
      const live = await tx.campaignAttempt.count({ where: { campaignId, status: { in: HOLDING_LINE } } });
      const free = campaign.maxConcurrent - live;
      if (free <= 0) return { ...none, attempts: [] };
      const due = await tx.campaignContact.findMany({
        where: { campaignId, status: 'pending', nextAttemptAt: { lte: now } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        take: Math.max(free * 4, 200),
        select: { id: true, phone: true, timezone: true },
      });
      const ready: typeof due = [];
      const later = new Map<number, string[]>();
      const expiredIds: string[] = [];
      const nextByZone = new Map<string, Date | null>();
      for (const contact of due) {
        if (ready.length >= free) break;
        const zones = contactZones(contact, schedule);
        if (allowedEverywhere(now, zones, rules)) {
          ready.push(contact);
          continue;
        }
        const key = zones.join('|');
        let next = nextByZone.get(key);
        if (next === undefined) {
          next = pastEndDate(now, zones, schedule) ? null : nextAllowed(now, zones, rules);
          nextByZone.set(key, next);
        }
        if (!next) expiredIds.push(contact.id);
        else later.set(next.getTime(), [...(later.get(next.getTime()) ?? []), contact.id]);
      }
      for (const [at, ids] of later)
        await tx.campaignContact.updateMany({
          where: { id: { in: ids }, status: 'pending' },
          data: { nextAttemptAt: new Date(at) },
        });
      if (expiredIds.length)
        await tx.campaignContact.updateMany({
          where: { id: { in: expiredIds }, status: 'pending' },
          data: { status: 'failed', lastOutcome: 'schedule_ended' },
        });
      const slots = await takeDialSlots(deps.redis, campaignId, {
        perMinute: campaign.callsPerMinute,
        want: ready.length,
        now,
      });
      const chosen = ready.slice(0, slots);
      if (chosen.length === 0)
        return {
          claimed: 0,
          decided: due.length,
          deferred: due.length - expiredIds.length,
          expired: expiredIds.length,
          attempts: [],
        };
      const updated = await tx.$queryRaw<{ id: string; attemptCount: number; phone: string }[]>`
        UPDATE campaign_contacts SET status = 'dialing', "attemptCount" = "attemptCount" + 1, "updatedAt" = now()
         WHERE id = ANY(${chosen.map((c) => c.id)}::uuid[]) AND status = 'pending'
         RETURNING id, "attemptCount", phone`;
      const attempts = updated.map((c) => ({
        campaignId,
        contactId: c.id,
        projectId: campaign.projectId,
        number: c.attemptCount,
        phone: c.phone,
        claimedAt: now,
      }));
      await tx.campaignAttempt.createMany({ data: attempts });
      return {
        claimed: attempts.length,
        decided: due.length,
        deferred: due.length - ready.length - expiredIds.length,
        expired: expiredIds.length,
        attempts,
      };
    },
    { timeout: 30_000 },
  );
  if (claimed.attempts.length) {
    const rows = await deps.db.campaignAttempt.findMany({
      where: { campaignId, status: 'claimed', contactId: { in: claimed.attempts.map((a) => a.contactId) } },
      select: { id: true },
    });
    for (const row of rows) await deps.enqueueDial(row.id, dialJobId(row));
  }
  const { attempts: _attempts, ...result } = claimed;
  return result;
}
