/**
 * The race between the media server and the call-records writer, against the real Postgres: the media server
 * marks a campaign call ended (its test-call row) before the writer has applied the call's last events (the
 * Set outcome and Schedule callback variables, then call.ended). A campaign without a done rule used to settle
 * the attempt in that gap, as a plain answered call, losing the callback and the outcome. Settling now waits
 * for the record to be closed, and judges without it only after a long wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../tests/support/factories.ts';
import type { DialerDeps } from '#server/campaigns/dialer/dialer-deps.ts';
import { settleCampaign } from '#server/campaigns/dialer/settle.ts';
import { applyCallEvents } from '#server/calls/call-writer.server.ts';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';
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

let projectId: string;
let agentId: string;
let versionId: string;
let connectionId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Settle race')).id;
  const graph = { schemaVersion: 1, nodes: [], edges: [] };
  const created = await createPublishedAgent(db(), projectId, { name: 'Caller', language: 'ru', graph });
  agentId = created.agent.id;
  versionId = created.version.id;
  connectionId = (
    await db().sipConnection.create({
      data: { projectId, name: 'Trunk', provider: 'generic', host: 'sip.example.com', authMode: 'ip' },
    })
  ).id;
});

/** A campaign without a done rule, one contact per phone, each with an answered call the media server ended. */
async function answeredCalls(phones: string[], endedAt: Date) {
  const campaign = await db().campaign.create({
    data: {
      projectId,
      name: `Race ${crypto.randomUUID().slice(0, 6)}`,
      status: 'running',
      agentId,
      versionId,
      connectionId,
      maxAttempts: 2,
      schedule: { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' },
      retry: { failed: { retry: true, delayMinutes: 1 } },
    },
  });
  const calls = [];
  for (const phone of phones) {
    const contact = await db().campaignContact.create({
      data: { campaignId: campaign.id, projectId, phone, status: 'dialing', attemptCount: 1 },
    });
    const sipCallId = `race-${crypto.randomUUID()}`;
    const testCall = await db().testCall.create({
      data: {
        projectId,
        connectionId,
        agentId,
        versionId,
        to: phone,
        status: 'ended',
        sipCode: 200,
        answeredAt: new Date(endedAt.getTime() - 20_000),
        endedAt,
        sipCallId,
      },
    });
    const attempt = await db().campaignAttempt.create({
      data: {
        campaignId: campaign.id,
        contactId: contact.id,
        projectId,
        number: 1,
        phone,
        status: 'dialing',
        claimedAt: new Date(endedAt.getTime() - 30_000),
        dialedAt: new Date(endedAt.getTime() - 30_000),
        testCallId: testCall.id,
      },
    });
    calls.push({ contact, attempt, sipCallId });
  }
  return { campaign, calls };
}

/** The call's events as the media server streams them, applied by the real records writer. */
const write = (events: VoiceCallEvent[]) =>
  applyCallEvents(
    db(),
    events.map((event, i) => ({ sourceId: `${event.callId}-${event.type}-${i}`, event })),
  );

const started = (callId: string, at: number, to: string): VoiceCallEvent => ({
  type: 'call.started',
  callId,
  at,
  projectId,
  from: '+74950000000',
  to,
  sampleRate: 8000,
  direction: 'outbound',
  agentId,
  versionId,
});
const turn = (callId: string, at: number, variables: Record<string, unknown>): VoiceCallEvent => ({
  type: 'turn.completed',
  callId,
  at,
  turn: 1,
  trigger: 'dtmf',
  input: '2',
  reply: 'Хорошо, перезвоним.',
  nodePath: ['ask', 'outcome', 'callback'],
  timings: { runtimeMs: 3 },
  filler: false,
  variables,
});
const ended = (callId: string, at: number): VoiceCallEvent => ({
  type: 'call.ended',
  callId,
  at,
  reason: 'flow_hangup',
  disposition: 'completed',
  durationMs: 20_000,
  turns: 2,
});

describe('settling a campaign call without a done rule', () => {
  it(
    'waits for the call record to be closed, so a callback and an outcome set in the call are kept',
    { timeout: 60_000 },
    async () => {
      const endedAt = new Date('2026-12-07T08:00:00Z');
      const clock = { now: endedAt.getTime() + 1_000 };
      const deps: DialerDeps = {
        db: db(),
        redis,
        logger: createLogger('settle-race', 'silent'),
        now: () => new Date(clock.now),
        enqueueDial: async () => undefined,
        originate: async () => 1,
      };
      const { campaign, calls } = await answeredCalls(
        ['+74957000001', '+74957000002', '+74957000003'],
        endedAt,
      );
      const [callback, outcome, lost] = calls as [(typeof calls)[0], (typeof calls)[0], (typeof calls)[0]];
      const contact = (c: (typeof calls)[0]) =>
        db().campaignContact.findUniqueOrThrow({ where: { id: c.contact.id } });
      const attempt = (c: (typeof calls)[0]) =>
        db().campaignAttempt.findUniqueOrThrow({ where: { id: c.attempt.id } });

      // The media server has ended the calls; the writer has not written a thing yet.
      await settleCampaign(deps, campaign.id);
      for (const c of calls) {
        expect((await attempt(c)).status).toBe('analysing');
        expect((await contact(c)).status).toBe('dialing');
      }

      // The writer catches up with the start and the last turn, but not yet with the end: still waiting.
      const at = endedAt.getTime();
      const callbackAt = '2026-12-07T12:00:00.000Z';
      await write([
        started(callback.sipCallId, at - 20_000, callback.contact.phone),
        turn(callback.sipCallId, at - 1_000, {
          campaign_outcome: { answer: 'cancel' },
          callback_at: callbackAt,
        }),
        started(outcome.sipCallId, at - 20_000, outcome.contact.phone),
        turn(outcome.sipCallId, at - 1_000, { campaign_outcome: { answer: 'confirm' } }),
      ]);
      clock.now += 2_000;
      await settleCampaign(deps, campaign.id);
      expect((await attempt(callback)).status).toBe('analysing');
      expect((await attempt(outcome)).status).toBe('analysing');
      // Off the line while it waits: the record is linked as soon as it is known.
      expect((await attempt(callback)).callId).not.toBeNull();

      // The records close: the callback and the outcome reach the contacts.
      await write([ended(callback.sipCallId, at), ended(outcome.sipCallId, at)]);
      clock.now += 2_000;
      await settleCampaign(deps, campaign.id);
      expect(await contact(callback)).toMatchObject({
        status: 'pending',
        lastOutcome: 'callback',
        outcomes: { answer: 'cancel' },
        nextAttemptAt: new Date(callbackAt),
      });
      expect(await contact(outcome)).toMatchObject({
        status: 'completed',
        lastOutcome: 'completed',
        outcomes: { answer: 'confirm' },
      });
      expect((await attempt(outcome)).status).toBe('ended');

      // A record that never comes (the writer down for long): the call is judged as answered after the wait.
      clock.now += 5 * 60_000;
      await settleCampaign(deps, campaign.id);
      expect((await attempt(lost)).status).toBe('analysing');
      clock.now += 6 * 60_000;
      await settleCampaign(deps, campaign.id);
      expect(await contact(lost)).toMatchObject({ status: 'completed', lastOutcome: 'completed' });
    },
  );
});
