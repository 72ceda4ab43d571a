/**
 * The dialer against the real Postgres and Redis with a clock the test holds, and a stand-in for the media
 * server that claims test-call rows exactly as the real one does (queued → trying, once) and ends each call
 * by a script per number. Checks outcomes and retries, concurrency and calls per minute, quiet hours in the
 * callee's zone, the do-not-call list, pause, and that no attempt is ever dialled twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../tests/support/factories.ts';
import { dialAttempt } from '#server/campaigns/dialer/dial-attempt.ts';
import type { DialerDeps } from '#server/campaigns/dialer/dialer-deps.ts';
import { dispatchCampaign } from '#server/campaigns/dialer/dispatch.ts';
import { campaignTick } from '#server/campaigns/dialer/settle.ts';
import { db, disconnectDb } from '#server/db.ts';
import { redisEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';

const redis = createRedis(parseEnv(redisEnv, 'test'));
afterAll(async () => {
  await redis.quit();
  await disconnectDb();
});

type Script = (phone: string, attempt: number) => 'answer' | 'busy' | 'no_answer';
const RING_MS = { answer: 30_000, busy: 1_000, no_answer: 20_000 };

/** Claims rows like media-server/src/telephony/trial-call-runner.ts and ends them when the clock says. */
class FakeMediaServer {
  dials: { phone: string; testCallId: string; at: number }[] = [];
  live = new Map<string, { end: number; result: keyof typeof RING_MS }>();
  maxLive = 0;
  /** Writes each answered call's closed record first, as the media server and records writer do. */
  constructor(
    private script: Script,
    private records = true,
  ) {}

  originate = async (_projectId: string, testCallId: string, now: number): Promise<number> => {
    const claimed = await db().testCall.updateMany({
      where: { id: testCallId, status: 'queued' },
      data: { status: 'trying' },
    });
    if (claimed.count === 0) return 1;
    const row = await db().testCall.findUniqueOrThrow({ where: { id: testCallId } });
    const attempt = this.dials.filter((d) => d.phone === row.to).length + 1;
    this.dials.push({ phone: row.to, testCallId, at: now });
    const result = this.script(row.to, attempt);
    this.live.set(testCallId, { end: now + RING_MS[result], result });
    this.maxLive = Math.max(this.maxLive, this.live.size);
    return 1;
  };

  async advance(now: number): Promise<void> {
    for (const [id, call] of this.live) {
      if (call.end > now) continue;
      this.live.delete(id);
      const at = new Date(now);
      if (call.result === 'answer' && this.records) {
        const row = await db().testCall.findUniqueOrThrow({ where: { id } });
        await db().call.create({
          data: {
            projectId: row.projectId,
            externalId: `sip-${id}`,
            direction: 'outbound',
            toNumber: row.to,
            startedAt: at,
            status: 'ended',
            disposition: 'completed',
          },
        });
      }
      await db().testCall.update({
        where: { id },
        data:
          call.result === 'answer'
            ? { status: 'ended', sipCode: 200, answeredAt: at, endedAt: at, sipCallId: `sip-${id}` }
            : { status: 'failed', sipCode: call.result === 'busy' ? 486 : 480, endedAt: at },
      });
    }
  }
}

interface Harness {
  deps: DialerDeps;
  media: FakeMediaServer;
  clock: { now: number };
  jobs: string[];
  runJobs: () => Promise<void>;
  step: (ms: number) => Promise<void>;
}

function harness(start: Date, script: Script, records = true): Harness {
  const clock = { now: start.getTime() };
  const media = new FakeMediaServer(script, records);
  const jobs: string[] = [];
  const jobIds = new Set<string>();
  const deps: DialerDeps = {
    db: db(),
    redis,
    logger: createLogger('dialer-test', 'silent'),
    now: () => new Date(clock.now),
    // As BullMQ: a job id seen before (waiting, or kept among the completed jobs) adds nothing.
    enqueueDial: async (attemptId, jobId) => {
      if (jobIds.has(jobId)) return;
      jobIds.add(jobId);
      jobs.push(attemptId);
    },
    originate: (projectId, testCallId) => media.originate(projectId, testCallId, clock.now),
  };
  const runJobs = async () => {
    while (jobs.length) await dialAttempt(deps, jobs.shift()!);
  };
  const step = async (ms: number) => {
    clock.now += ms;
    await media.advance(clock.now);
    await campaignTick(deps, dispatchCampaign);
    await runJobs();
  };
  return { deps, media, clock, jobs, runJobs, step };
}

let projectId: string;
let agentId: string;
let connectionId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Dialer')).id;
  const graph = { schemaVersion: 1, nodes: [], edges: [] };
  agentId = (await createPublishedAgent(db(), projectId, { name: 'Caller', language: 'ru', graph })).agent.id;
  connectionId = (
    await db().sipConnection.create({
      data: {
        projectId,
        name: `Trunk ${crypto.randomUUID()}`,
        provider: 'generic',
        host: 'sip.example.com',
        authMode: 'ip',
      },
    })
  ).id;
});

async function campaignWith(
  phones: { phone: string; timezone?: string }[],
  opts: Partial<{
    maxConcurrent: number;
    callsPerMinute: number;
    maxAttempts: number;
    schedule: object;
  }> = {},
) {
  const agent = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
  const campaign = await db().campaign.create({
    data: {
      projectId,
      name: `C ${crypto.randomUUID().slice(0, 6)}`,
      status: 'running',
      agentId,
      versionId: agent.liveVersionId,
      connectionId,
      maxConcurrent: opts.maxConcurrent ?? 5,
      callsPerMinute: opts.callsPerMinute ?? 12,
      maxAttempts: opts.maxAttempts ?? 3,
      schedule: opts.schedule ?? {
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        from: '00:00',
        to: '24:00',
        defaultTimezone: 'Europe/Moscow',
      },
      retry: {
        busy: { retry: true, delayMinutes: 1 },
        no_answer: { retry: true, delayMinutes: 2 },
        failed: { retry: true, delayMinutes: 1 },
        machine: { retry: true, delayMinutes: 1 },
        not_done: { retry: false, delayMinutes: 1 },
      },
    },
  });
  await db().campaignContact.createMany({
    data: phones.map((p, i) => ({
      campaignId: campaign.id,
      projectId,
      phone: p.phone,
      timezone: p.timezone ?? null,
      rows: [i + 1],
      // Due from the start of the test's clock (which runs before the real one).
      nextAttemptAt: new Date(0),
    })),
  });
  return campaign;
}

const phone = (i: number) => `+7495${String(1000000 + i).padStart(7, '0')}`;
/** Monday 7 December 2026, 10:00 in Moscow. */
const MONDAY_10_MSK = new Date('2026-12-07T07:00:00Z');

describe('campaign dialer', () => {
  it(
    'dials 60 contacts with the right retries and outcomes, never above its concurrency or calls per minute',
    { timeout: 240_000 },
    async () => {
      await db().complianceSettings.deleteMany({ where: { projectId } });
      const phones = Array.from({ length: 60 }, (_, i) => ({ phone: phone(i) }));
      const kind = new Map(
        phones.map((p, i) => [p.phone, i < 20 ? 'answer' : i < 40 ? 'busy_then_answer' : 'no_answer']),
      );
      const h = harness(MONDAY_10_MSK, (p, attempt) => {
        const k = kind.get(p);
        if (k === 'answer') return 'answer';
        if (k === 'busy_then_answer') return attempt === 1 ? 'busy' : 'answer';
        return 'no_answer';
      });
      const campaign = await campaignWith(phones, { maxConcurrent: 5, callsPerMinute: 12 });
      for (let i = 0; i < 900; i++) {
        await h.step(5_000);
        const c = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
        if (c.status === 'completed') break;
      }
      expect((await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe(
        'completed',
      );
      const contacts = await db().campaignContact.findMany({ where: { campaignId: campaign.id } });
      for (const c of contacts) {
        const k = kind.get(c.phone);
        if (k === 'answer') expect([c.status, c.attemptCount]).toEqual(['completed', 1]);
        if (k === 'busy_then_answer') expect([c.status, c.attemptCount]).toEqual(['completed', 2]);
        if (k === 'no_answer')
          expect([c.status, c.attemptCount, c.lastOutcome]).toEqual(['failed', 3, 'no_answer']);
      }
      // Exactly one dial per attempt, and every attempt dialled.
      expect(h.media.dials).toHaveLength(20 + 40 + 60);
      const attempts = await db().campaignAttempt.findMany({ where: { campaignId: campaign.id } });
      expect(attempts).toHaveLength(120);
      expect(new Set(h.media.dials.map((d) => d.testCallId)).size).toBe(120);
      // Pacing: never more than 5 at once, never more than 12 new calls in any minute.
      expect(h.media.maxLive).toBeLessThanOrEqual(5);
      const times = h.media.dials.map((d) => d.at).sort((a, b) => a - b);
      for (let i = 0; i < times.length; i++)
        expect(times.filter((t) => t >= times[i]! && t < times[i]! + 60_000).length).toBeLessThanOrEqual(12);
      // Retry waits were honoured: a busy contact's second dial comes at least a minute after its first ended.
      const busy = phones[25]!.phone;
      const [first, second] = h.media.dials.filter((d) => d.phone === busy);
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(60_000);
    },
  );

  it(
    'calls only inside quiet hours in the callee’s zone (230-ФЗ preset) and never a number on the do-not-call list',
    { timeout: 120_000 },
    async () => {
      await db().complianceSettings.upsert({
        where: { projectId },
        create: { projectId, preset: 'ru_230fz' },
        update: { preset: 'ru_230fz' },
      });
      const moscow = phone(100);
      const vladivostok = '+74232123456'; // 423: Vladivostok, UTC+10
      const blocked = phone(101);
      await db().dncEntry.upsert({
        where: { projectId_phone: { projectId, phone: blocked } },
        create: { projectId, phone: blocked, reason: 'asked', source: 'manual' },
        update: {},
      });
      // Monday 14:30 in Moscow = 21:30 in Vladivostok: allowed for both until 22:00 there.
      // Start at 15:10 Moscow = 22:10 Vladivostok: Vladivostok must wait until 8:00 Tuesday (01:00 Moscow).
      const start = new Date('2026-12-07T12:10:00Z');
      const h = harness(start, () => 'answer');
      const campaign = await campaignWith([{ phone: moscow }, { phone: vladivostok }, { phone: blocked }]);
      await h.step(1_000);
      await h.step(1_000);
      expect(h.media.dials.map((d) => d.phone)).toEqual([moscow]);
      const refused = await db().complianceRefusal.findMany({ where: { campaignId: campaign.id } });
      expect(refused.map((r) => r.reason)).toEqual(['dnc']);
      expect(
        (await db().campaignContact.findFirstOrThrow({ where: { campaignId: campaign.id, phone: blocked } }))
          .status,
      ).toBe('dnc');
      const waiting = await db().campaignContact.findFirstOrThrow({
        where: { campaignId: campaign.id, phone: vladivostok },
      });
      expect(waiting.status).toBe('pending');
      // The cap (1 a day under 230-ФЗ) holds across campaigns: a second campaign cannot call Moscow today.
      const again = await campaignWith([{ phone: moscow }]);
      await h.step(1_000);
      expect(h.media.dials).toHaveLength(1);
      const capped = await db().complianceRefusal.findMany({ where: { campaignId: again.id } });
      expect(capped.map((r) => r.reason)).toEqual(['cap_day']);
      const later = await db().campaignContact.findFirstOrThrow({ where: { campaignId: again.id } });
      expect([later.status, later.attemptCount]).toEqual(['pending', 0]);
      expect(later.nextAttemptAt.getTime()).toBeGreaterThan(h.clock.now + 23 * 3600_000);
      // 8:00 in Vladivostok on Tuesday is 22:00 UTC on Monday.
      expect(waiting.nextAttemptAt.toISOString()).toBe('2026-12-07T22:00:00.000Z');
      h.clock.now = new Date('2026-12-07T21:59:00Z').getTime();
      await h.step(1_000);
      expect(h.media.dials).toHaveLength(1);
      h.clock.now = new Date('2026-12-07T22:00:00Z').getTime();
      await h.step(1_000);
      expect(h.media.dials.map((d) => d.phone)).toEqual([moscow, vladivostok]);
      await db().complianceSettings.deleteMany({ where: { projectId } });
      await db().campaign.update({ where: { id: again.id }, data: { status: 'cancelled' } });
    },
  );

  it(
    'stops new dials at once on pause, keeps live calls, and resumes where it stopped',
    { timeout: 120_000 },
    async () => {
      const h = harness(MONDAY_10_MSK, () => 'answer');
      const campaign = await campaignWith(
        Array.from({ length: 6 }, (_, i) => ({ phone: phone(200 + i) })),
        { maxConcurrent: 2, callsPerMinute: 60 },
      );
      // Plan without dialling: two attempts claimed, their jobs waiting.
      await campaignTick(h.deps, dispatchCampaign);
      expect(h.jobs).toHaveLength(2);
      await db().campaign.update({ where: { id: campaign.id }, data: { status: 'paused' } });
      await h.runJobs();
      expect(h.media.dials).toHaveLength(0);
      expect(await db().campaignAttempt.count({ where: { campaignId: campaign.id } })).toBe(0);
      expect(
        await db().campaignContact.count({
          where: { campaignId: campaign.id, status: 'pending', attemptCount: 0 },
        }),
      ).toBe(6);
      for (let i = 0; i < 5; i++) await h.step(5_000);
      expect(h.media.dials).toHaveLength(0);
      await db().campaign.update({ where: { id: campaign.id }, data: { status: 'running' } });
      for (let i = 0; i < 60; i++) {
        await h.step(10_000);
        if ((await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status === 'completed')
          break;
      }
      expect(h.media.dials).toHaveLength(6);
      expect(h.media.maxLive).toBeLessThanOrEqual(2);
    },
  );

  it(
    'dials an attempt once however often its job runs, and republishes a call no media server took',
    { timeout: 60_000 },
    async () => {
      const h = harness(MONDAY_10_MSK, () => 'answer');
      const campaign = await campaignWith([{ phone: phone(300) }, { phone: phone(301) }], {
        maxConcurrent: 2,
        callsPerMinute: 60,
      });
      await dispatchCampaign(h.deps, campaign.id);
      const [a, b] = h.jobs.splice(0);
      // The same job delivered three times at once (a retried job, a second worker, a re-queued lease).
      await Promise.all([dialAttempt(h.deps, a!), dialAttempt(h.deps, a!), dialAttempt(h.deps, a!)]);
      expect(h.media.dials).toHaveLength(1);
      // The worker dies after the attempt turned `dialing` and before any media server heard the call.
      const lost = { ...h.deps, originate: async () => 0 };
      await dialAttempt(lost, b!);
      expect(h.media.dials).toHaveLength(1);
      expect((await db().campaignAttempt.findUniqueOrThrow({ where: { id: b! } })).status).toBe('dialing');
      await h.step(11_000);
      expect(h.media.dials.map((d) => d.phone).sort()).toEqual([phone(300), phone(301)]);
      await h.step(11_000);
      expect(h.media.dials).toHaveLength(2);
      expect(await db().campaignAttempt.count({ where: { campaignId: campaign.id } })).toBe(2);
    },
  );

  it(
    'dials a claimed attempt whose job failed for good, once, after the claim’s lease',
    { timeout: 60_000 },
    async () => {
      const h = harness(MONDAY_10_MSK, () => 'answer');
      const campaign = await campaignWith([{ phone: phone(350) }], { callsPerMinute: 60 });
      await dispatchCampaign(h.deps, campaign.id);
      // The job ran and failed until BullMQ gave up: it is kept among the failed jobs, its id taken.
      expect(h.jobs.splice(0)).toHaveLength(1);
      await h.step(10_000);
      expect(h.media.dials).toHaveLength(0);
      await h.step(25_000);
      expect(h.media.dials.map((d) => d.phone)).toEqual([phone(350)]);
      // Later leases queue nothing more for it: it is dialled, not claimed.
      await h.step(31_000);
      await h.step(31_000);
      expect(h.media.dials).toHaveLength(1);
      expect(await db().campaignAttempt.count({ where: { campaignId: campaign.id } })).toBe(1);
    },
  );

  it(
    'puts a caller who asked not to be called on the list, and judges done by the analysis field',
    { timeout: 60_000 },
    async () => {
      // The records are written below, by the test, after the calls ended.
      const h = harness(MONDAY_10_MSK, () => 'answer', false);
      const stop = phone(400);
      const confirms = phone(401);
      const declines = phone(402);
      const campaign = await campaignWith([{ phone: stop }, { phone: confirms }, { phone: declines }], {
        maxConcurrent: 3,
        callsPerMinute: 60,
        maxAttempts: 1,
      });
      await db().campaign.update({
        where: { id: campaign.id },
        data: { doneCriteria: { field: 'confirmed', equals: true } },
      });
      await h.step(1_000);
      expect(h.media.dials).toHaveLength(3);
      await h.step(31_000);
      // The calls ended; their records arrive (the flow's "stop calling" handler ended one with `dnc`).
      for (const d of h.media.dials) {
        await db().call.create({
          data: {
            projectId,
            externalId: `sip-${d.testCallId}`,
            direction: 'outbound',
            toNumber: d.phone,
            startedAt: new Date(h.clock.now),
            status: 'ended',
            disposition: d.phone === stop ? 'dnc' : 'completed',
            analysisStatus: d.phone === stop ? 'skipped' : 'pending',
          },
        });
      }
      await h.step(1_000);
      expect(
        (await db().campaignContact.findFirstOrThrow({ where: { campaignId: campaign.id, phone: stop } }))
          .status,
      ).toBe('dnc');
      expect(
        await db().dncEntry.findUnique({ where: { projectId_phone: { projectId, phone: stop } } }),
      ).toMatchObject({ source: 'call' });
      // Waiting for the analysis: the attempts stay open, the contacts are not yet judged.
      expect(
        await db().campaignAttempt.count({ where: { campaignId: campaign.id, status: 'analysing' } }),
      ).toBe(2);
      await db().call.updateMany({
        where: { projectId, toNumber: confirms },
        data: { analysisStatus: 'done', outcomes: { confirmed: true } },
      });
      await db().call.updateMany({
        where: { projectId, toNumber: declines },
        data: { analysisStatus: 'done', outcomes: { confirmed: false } },
      });
      await h.step(1_000);
      const byPhone = new Map(
        (await db().campaignContact.findMany({ where: { campaignId: campaign.id } })).map((c) => [
          c.phone,
          c,
        ]),
      );
      expect(byPhone.get(confirms)).toMatchObject({ status: 'completed', outcomes: { confirmed: true } });
      expect(byPhone.get(declines)).toMatchObject({ status: 'failed', lastOutcome: 'not_done' });
      expect((await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe(
        'completed',
      );
    },
  );
});
