/**
 * The campaign nodes through the dialer: each answered call runs the agent's real flow (Human or machine,
 * Set outcome, Schedule callback) with the variables the media server gives a campaign call, and its call
 * record carries the flow's variables as the call writer stores them. Checks that Set outcome decides "done"
 * without waiting for the analysis, and that a callback is dialled at the time the callee named, in their
 * zone, and not before the campaign's hours open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlowOrThrow } from '#flow-runtime/graph/parse-flow';
import { runTurn } from '#flow-runtime/run-turn';
import { initialState } from '#flow-runtime/runtime/initial-state';
import { createFakePorts } from '#flow-runtime/testing/fake-ports';
import type { CallEvent } from '#flow-runtime/events';
import { campaignCallVariables } from '#server/campaigns/campaign-call-variables.server.ts';
import { dialAttempt } from '#server/campaigns/dialer/dial-attempt.ts';
import type { DialerDeps } from '#server/campaigns/dialer/dialer-deps.ts';
import { dispatchCampaign } from '#server/campaigns/dialer/dispatch.ts';
import { campaignTick } from '#server/campaigns/dialer/settle.ts';
import { db, disconnectDb } from '#server/db.ts';
import { redisEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { createProject, createPublishedAgent } from '../../tests/support/factories.ts';

const redis = createRedis(parseEnv(redisEnv, 'test'));
afterAll(async () => {
  await redis.quit();
  await disconnectDb();
});

/** A reminder flow: a machine gets a hang-up, a person is asked to confirm or to name a callback time. */
const graph = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', data: {} },
    { id: 'who', type: 'answered_by', data: {} },
    {
      id: 'ask',
      type: 'ask',
      data: { prompt: 'Придёте на приём?', variable: 'coming', slotType: 'yes_no', maxRetries: 0 },
    },
    { id: 'yes', type: 'set_outcome', data: { field: 'confirmed', value: 'true' } },
    { id: 'later', type: 'schedule_callback', data: { question: 'Когда вам перезвонить?' } },
    { id: 'bye', type: 'end', data: {} },
    { id: 'vm', type: 'end', data: { disposition: 'machine' } },
  ],
  edges: [
    ['start', 'next', 'who'],
    ['who', 'human', 'ask'],
    ['who', 'unknown', 'ask'],
    ['who', 'machine', 'vm'],
    ['ask', 'next', 'yes'],
    ['ask', 'no_match', 'later'],
    ['yes', 'next', 'bye'],
    ['later', 'scheduled', 'bye'],
    ['later', 'not_understood', 'bye'],
  ].map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
};
const flow = parseFlowOrThrow(graph);

/** What each callee says, in order; the last line of a script ends their part. */
type Script = { answeredBy: 'human' | 'machine'; says: string[] };

/** Claims test-call rows as the media server does, runs the flow for answered calls and writes the record. */
class FlowMediaServer {
  dials: { phone: string; at: number }[] = [];
  constructor(
    private scripts: (phone: string, attempt: number) => Script,
    private clock: { now: number },
  ) {}

  originate = async (projectId: string, testCallId: string): Promise<number> => {
    const claimed = await db().testCall.updateMany({
      where: { id: testCallId, status: 'queued' },
      data: { status: 'trying' },
    });
    if (claimed.count === 0) return 1;
    const row = await db().testCall.findUniqueOrThrow({ where: { id: testCallId } });
    const attempt = this.dials.filter((d) => d.phone === row.to).length + 1;
    this.dials.push({ phone: row.to, at: this.clock.now });
    const script = this.scripts(row.to, attempt);
    const given = { ...(await campaignCallVariables(db(), testCallId)), answered_by: script.answeredBy };
    const ports = createFakePorts({ now: this.clock.now, tickMs: 0 });
    let state = initialState(flow, { number: row.callerId }, given);
    const events: CallEvent[] = [
      { type: 'call_started', caller: {}, direction: 'outbound' },
      ...script.says.map((text) => ({ type: 'utterance' as const, text })),
    ];
    let disposition = 'completed';
    for (const event of events) {
      if (state.ended) break;
      const turn = await runTurn(flow, state, event, ports);
      state = turn.state;
      if (state.ended) disposition = state.endReason ?? 'completed';
    }
    const at = new Date(this.clock.now);
    const sipCallId = `sip-${testCallId}`;
    await db().call.create({
      data: {
        projectId,
        externalId: sipCallId,
        direction: 'outbound',
        toNumber: row.to,
        startedAt: at,
        status: 'ended',
        disposition,
        variables: state.variables as object,
      },
    });
    await db().testCall.update({
      where: { id: testCallId },
      data: { status: 'ended', sipCode: 200, answeredAt: at, endedAt: at, sipCallId },
    });
    return 1;
  };
}

let projectId: string;
let agentId: string;
let versionId: string;
let connectionId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Campaign nodes')).id;
  const created = await createPublishedAgent(db(), projectId, { name: 'Reminder', language: 'ru', graph });
  agentId = created.agent.id;
  versionId = created.version.id;
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

/** Monday 7 December 2026, 10:00 in Moscow. */
const MONDAY_10_MSK = new Date('2026-12-07T07:00:00Z');
const phone = (i: number) => `+7495${String(2000000 + i).padStart(7, '0')}`;

describe('campaign nodes through the dialer', () => {
  it(
    'completes on Set outcome at once, calls back at the named time inside the hours, retries machines',
    { timeout: 60_000 },
    async () => {
      const clock = { now: MONDAY_10_MSK.getTime() };
      const confirms = phone(1);
      const later = phone(2);
      const lateEvening = phone(3);
      const machine = phone(4);
      const media = new FlowMediaServer((to, attempt) => {
        if (to === machine) return { answeredBy: attempt === 1 ? 'machine' : 'human', says: ['да'] };
        if (to === later && attempt === 1)
          return { answeredBy: 'human', says: ['сейчас неудобно', 'перезвоните через 2 часа'] };
        if (to === lateEvening && attempt === 1)
          return { answeredBy: 'human', says: ['я за рулём', 'в 21:30'] };
        return { answeredBy: 'human', says: ['да, приду'] };
      }, clock);
      const jobs: string[] = [];
      const deps: DialerDeps = {
        db: db(),
        redis,
        logger: createLogger('dialer-nodes-test', 'silent'),
        now: () => new Date(clock.now),
        enqueueDial: async (attemptId) => void jobs.push(attemptId),
        originate: (pid, testCallId) => media.originate(pid, testCallId),
      };
      const step = async (ms: number) => {
        clock.now += ms;
        await campaignTick(deps, dispatchCampaign);
        while (jobs.length) await dialAttempt(deps, jobs.shift()!);
        await campaignTick(deps, dispatchCampaign);
      };
      const campaign = await db().campaign.create({
        data: {
          projectId,
          name: `Nodes ${crypto.randomUUID().slice(0, 6)}`,
          status: 'running',
          agentId,
          versionId,
          connectionId,
          maxConcurrent: 10,
          callsPerMinute: 60,
          maxAttempts: 2,
          schedule: {
            weekdays: [1, 2, 3, 4, 5],
            from: '09:00',
            to: '21:00',
            defaultTimezone: 'Europe/Moscow',
          },
          retry: { machine: { retry: true, delayMinutes: 30 } },
          doneCriteria: { field: 'confirmed', equals: true },
        },
      });
      await db().campaignContact.createMany({
        data: [confirms, later, lateEvening, machine].map((p, i) => ({
          campaignId: campaign.id,
          projectId,
          phone: p,
          rows: [i + 1],
          nextAttemptAt: new Date(0),
        })),
      });
      const contact = (p: string) =>
        db().campaignContact.findFirstOrThrow({ where: { campaignId: campaign.id, phone: p } });

      await step(1_000);
      expect(media.dials.map((d) => d.phone).sort()).toEqual([confirms, later, lateEvening, machine].sort());
      // Set outcome recorded confirmed=true: done now, though no post-call analysis has run.
      expect(await contact(confirms)).toMatchObject({ status: 'completed', outcomes: { confirmed: true } });
      expect(await contact(machine)).toMatchObject({ status: 'pending', lastOutcome: 'machine' });
      // "через 2 часа" → 12:00 Moscow; "в 21:30" → 21:30 Moscow, after the campaign's hours close.
      expect(await contact(later)).toMatchObject({
        status: 'pending',
        lastOutcome: 'callback',
        nextAttemptAt: new Date('2026-12-07T09:00:01Z'),
      });
      expect((await contact(lateEvening)).nextAttemptAt).toEqual(new Date('2026-12-07T18:30:00Z'));

      await step(30 * 60_000); // 10:30: the machine's retry
      expect(media.dials.filter((d) => d.phone === machine)).toHaveLength(2);
      expect(await contact(machine)).toMatchObject({ status: 'completed' });

      clock.now = new Date('2026-12-07T09:00:00Z').getTime();
      await step(2_000); // 12:00:02 Moscow: the callback is due
      const laterDials = media.dials.filter((d) => d.phone === later);
      expect(laterDials).toHaveLength(2);
      expect(laterDials[1]!.at).toBeGreaterThanOrEqual(new Date('2026-12-07T09:00:01Z').getTime());
      expect(await contact(later)).toMatchObject({ status: 'completed', attemptCount: 2 });

      // 21:30 is outside 09:00–21:00: no call then, the next one at 09:00 on Tuesday.
      clock.now = new Date('2026-12-07T18:30:00Z').getTime();
      await step(1_000);
      expect(media.dials.filter((d) => d.phone === lateEvening)).toHaveLength(1);
      expect((await contact(lateEvening)).nextAttemptAt).toEqual(new Date('2026-12-08T06:00:00Z'));
      clock.now = new Date('2026-12-08T06:00:00Z').getTime();
      await step(1_000);
      expect(media.dials.filter((d) => d.phone === lateEvening)).toHaveLength(2);
      expect(await contact(lateEvening)).toMatchObject({ status: 'completed' });
      expect((await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe(
        'completed',
      );
    },
  );
});
