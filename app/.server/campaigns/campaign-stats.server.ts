/** A campaign's live figures: contacts by status, attempts by outcome, refusals, and calls over time. */
import { db } from '../db.ts';
import { contactCounts, findCampaign } from './campaigns.server.ts';

export async function campaignStats(projectId: string, campaignId: string) {
  const campaign = await findCampaign(projectId, campaignId);
  const [counts, outcomes, live, refusals, first] = await Promise.all([
    contactCounts([campaignId]),
    db().campaignAttempt.groupBy({ by: ['outcome'], where: { campaignId }, _count: { _all: true } }),
    db().campaignAttempt.count({ where: { campaignId, status: { in: ['claimed', 'dialing'] } } }),
    db().complianceRefusal.groupBy({ by: ['reason'], where: { campaignId }, _count: { _all: true } }),
    db().campaignAttempt.findFirst({
      where: { campaignId, dialedAt: { not: null } },
      orderBy: { dialedAt: 'asc' },
      select: { dialedAt: true },
    }),
  ]);
  // About 60 bars whatever the campaign's length.
  const start = first?.dialedAt ?? campaign.startedAt ?? new Date();
  const spanMinutes = Math.max(1, (Date.now() - start.getTime()) / 60_000);
  const bucketMinutes = [1, 5, 15, 60, 240, 1440].find((b) => spanMinutes / b <= 60) ?? 1440;
  const series = await db().$queryRaw<{ at: Date; outcome: string | null; n: bigint }[]>`
    SELECT date_bin(${`${bucketMinutes} minutes`}::interval, "dialedAt", TIMESTAMP '2000-01-01') AS at,
           outcome, count(*) AS n
      FROM campaign_attempts
     WHERE "campaignId" = ${campaignId}::uuid AND "dialedAt" IS NOT NULL
     GROUP BY 1, 2 ORDER BY 1`;
  const byBucket = new Map<number, Record<string, number>>();
  for (const s of series) {
    const key = s.at.getTime();
    const bucket = byBucket.get(key) ?? {};
    bucket[s.outcome ?? 'live'] = Number(s.n);
    byBucket.set(key, bucket);
  }
  return {
    counts: counts.get(campaignId) ?? {
      total: 0,
      pending: 0,
      dialing: 0,
      completed: 0,
      failed: 0,
      dnc: 0,
      cancelled: 0,
    },
    live,
    attempts: Object.fromEntries(outcomes.map((o) => [o.outcome ?? 'live', o._count._all])),
    refusals: Object.fromEntries(refusals.map((r) => [r.reason, r._count._all])),
    series: [...byBucket.entries()].map(([at, o]) => ({ at: new Date(at), outcomes: o })),
    bucketMinutes,
  };
}
