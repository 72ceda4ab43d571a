/**
 * Sixty contacts against real SIP peers on loopback: the dialer (settle, plan, dial) places each attempt
 * through the telephony bus; the real media server (voice and telephony stacks) calls a carrier (Kamailio)
 * that routes by the dialled number: to a SIPp that answers, is busy or does not answer by the number's last
 * digit; to a baresip that answers and presses 2 when the agent asks (the answer becomes the contact's
 * outcome); and to a baresip that is busy (486) on the first call and answers the retry. Answered calls run
 * the agent and hang up. Checks every contact's outcome, that busy and unanswered numbers are retried up to
 * the maximum, and that neither the concurrency nor the calls per minute are ever exceeded. The dialer's
 * clock runs ahead of the wall clock only to skip the retry delay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBaresip,
  type BaresipPeer,
} from '../../media-server/src/sip-gateway/test-support/baresip-peer.ts';
import {
  hasKamailio,
  startNumberRouter,
  type KamailioCarrier,
} from '../../media-server/src/telephony/test-support/kamailio.ts';
import { createProject, createPublishedAgent } from '../../tests/support/factories.ts';
import { dialAttempt } from '#server/campaigns/dialer/dial-attempt.ts';
import type { DialerDeps } from '#server/campaigns/dialer/dialer-deps.ts';
import { dispatchCampaign } from '#server/campaigns/dialer/dispatch.ts';
import { campaignTick } from '#server/campaigns/dialer/settle.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { closeTelephonyRedis, publishTelephony } from '#server/telephony/telephony-bus.server.ts';
import { freePort, freeUdpRange } from '../../media-server/src/sip-gateway/test-support/free-port.ts';
import { SIP_FIXTURES } from '../../media-server/src/sip-gateway/test-support/sipp.ts';
import { startTelephonyStack } from '../../media-server/src/telephony/telephony-stack.ts';
import { startVoiceStack, type VoiceStack } from '../../media-server/src/wiring/voice-stack.ts';
import { CallEventsConsumer } from '../call-records/call-events-consumer.ts';

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const logger = createLogger('dialer-sipp-test', 'silent');
const STREAM = `events:calls:dialer-sipp-${crypto.randomUUID().slice(0, 6)}`;
/** The call-records writer: settling reads the records (disposition, the flow's variables). */
const recordsRedis = createRedis({
  REDIS_URL: process.env.REDIS_URL!,
  REDIS_PREFIX: process.env.REDIS_PREFIX!,
});
let records: CallEventsConsumer;
let stack: VoiceStack;
let telephony: Awaited<ReturnType<typeof startTelephonyStack>>;
let sipp: ChildProcess;
let carrier: KamailioCarrier;
/** Answers and presses 2 whenever it is asked. */
let presser: BaresipPeer;
/** Busy on its first call, answers the next. */
let busyOnce: BaresipPeer;
const timers: NodeJS.Timeout[] = [];
let projectId: string;
let agentId: string;
let versionId: string;

/** Last digit 0–5 answers, 6–7 busy, 8–9 no answer (the SIPp scenario's rule), but for the two baresips. */
const phone = (i: number) => `+7495${String(3000000 + i).padStart(7, '0')}`;
const PRESSES = phone(58);
const BUSY_ONCE = phone(59);
const expected = (p: string) =>
  p === PRESSES || p === BUSY_ONCE
    ? 'answer'
    : /[67]$/.test(p)
      ? 'busy'
      : /[89]$/.test(p)
        ? 'no_answer'
        : 'answer';

/** Contacts with a `survey` column are asked to confirm by keypad; the key pressed is their outcome. */
const graph = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', data: {} },
    { id: 'hi', type: 'say', data: { text: 'Напоминаем о визите.' } },
    {
      id: 'which',
      type: 'router',
      data: { mode: 'expression', routes: [{ id: 'survey', expression: 'survey == "keys"' }] },
    },
    {
      id: 'ask',
      type: 'ask',
      data: {
        prompt: 'Нажмите 1, чтобы подтвердить визит, или 2, чтобы отменить.',
        slotType: 'choice',
        variable: 'choice',
        inputModes: 'dtmf',
        choices: [{ value: 'confirm' }, { value: 'cancel' }],
        maxRetries: 3,
        noInputTimeoutMs: 4000,
      },
    },
    { id: 'answer', type: 'set_outcome', data: { field: 'answer', value: '{{choice}}' } },
    { id: 'done', type: 'set_outcome', data: { field: 'reminded', value: 'true' } },
    { id: 'bye', type: 'end', data: { disposition: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' },
    { id: 'e2', source: 'hi', sourceHandle: 'next', target: 'which' },
    { id: 'e3', source: 'which', sourceHandle: 'survey', target: 'ask' },
    { id: 'e4', source: 'which', sourceHandle: 'default', target: 'done' },
    { id: 'e5', source: 'ask', sourceHandle: 'next', target: 'answer' },
    { id: 'e6', source: 'ask', sourceHandle: 'no_input', target: 'done' },
    { id: 'e7', source: 'ask', sourceHandle: 'no_match', target: 'done' },
    { id: 'e8', source: 'answer', sourceHandle: 'next', target: 'done' },
    { id: 'e9', source: 'done', sourceHandle: 'next', target: 'bye' },
  ],
  settings: { language: 'ru' },
};

/** Runs `act` once for each new event of a type baresip reports (the nth such event, from 0). */
function onEach(peer: BaresipPeer, type: string, act: (n: number) => void) {
  let seen = 0;
  timers.push(
    setInterval(() => {
      const count = peer.events.filter((e) => e.type === type).length;
      while (seen < count) act(seen++);
    }, 100),
  );
}

beforeAll(async () => {
  process.env.TELEPHONY_ALLOW_HOSTS = '127.0.0.1';
  projectId = (await createProject(db(), 'Campaign over SIP')).id;
  const created = await createPublishedAgent(db(), projectId, { name: 'Reminder', language: 'ru', graph });
  agentId = created.agent.id;
  versionId = created.version.id;
  stack = await startVoiceStack({
    redis,
    logger,
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(40), allowHosts: ['127.0.0.1'] },
    maxCallsPerProject: 10,
    eventsStream: STREAM,
  });
  telephony = await startTelephonyStack({ voice: stack, redis, logger, retryMs: 500 });
  records = new CallEventsConsumer({ redis: recordsRedis, db: db(), logger, stream: STREAM, blockMs: 200 });
  await records.start();
  const sippPort = await freePort();
  const media = await freeUdpRange(4);
  sipp = spawn(
    'sipp',
    [
      '-sf',
      join(SIP_FIXTURES, 'campaign-callee-uas.xml'),
      '-i',
      '127.0.0.1',
      '-p',
      String(sippPort),
      '-mi',
      '127.0.0.1',
      '-mp',
      String(media.min),
      '-nostdin',
      '-trace_err',
    ],
    { cwd: mkdtempSync(join(tmpdir(), 'sipp-uas-')), stdio: 'ignore' },
  );
  // Silence from the callees: no speech for the agent to hear, only keys. Long enough to last every call:
  // baresip stops sending RTP at the end of its file, and its RFC 4733 keys go out with the audio frames.
  const silence = new Int16Array(8000 * 180);
  presser = await startBaresip({ sourcePcm: silence, autoAnswer: true, user: PRESSES });
  busyOnce = await startBaresip({ sourcePcm: silence, user: BUSY_ONCE });
  // While a call is up, 2 is pressed every 1.5 s: one lands while the agent's question listens.
  timers.push(
    setInterval(() => {
      const up = presser.events.filter((e) => e.type === 'CALL_ESTABLISHED').length;
      const closed = presser.events.filter((e) => e.type === 'CALL_CLOSED').length;
      if (up > closed) void presser.command('sndcode', '2');
    }, 1500),
  );
  onEach(busyOnce, 'CALL_INCOMING', (n) => void busyOnce.command(n === 0 ? 'hangup' : 'accept'));
  carrier = await startNumberRouter({
    routes: [
      { suffix: PRESSES, port: presser.sipPort },
      { suffix: BUSY_ONCE, port: busyOnce.sipPort },
    ],
    otherwise: sippPort,
  });
}, 60_000);

afterAll(async () => {
  delete process.env.TELEPHONY_ALLOW_HOSTS;
  for (const t of timers) clearInterval(t);
  sipp?.kill('SIGKILL');
  await carrier?.stop();
  await presser?.quit().catch(() => undefined);
  await busyOnce?.quit().catch(() => undefined);
  await telephony?.close();
  await stack?.drain(1000);
  await stack?.close();
  await records?.stop();
  await recordsRedis.quit();
  await redis.del(STREAM);
  await redis.quit();
  await closeTelephonyRedis();
  await disconnectDb();
});

describe.skipIf(!hasKamailio())('a campaign of 60 contacts over SIP', () => {
  it(
    'reaches every answering contact once, retries busy and unanswered ones to the maximum, within its pacing',
    { timeout: 600_000 },
    async () => {
      const connectionId = (
        await db().sipConnection.create({
          data: {
            projectId,
            name: `SIPp ${crypto.randomUUID().slice(0, 6)}`,
            provider: 'generic',
            host: '127.0.0.1',
            port: carrier.port,
            authMode: 'ip',
            codecs: ['PCMU', 'PCMA'],
            // Numbers reach the carrier as +7…, the baresips' account names.
            callerIdRules: { defaultCallerId: '+74950000000', format: 'e164' },
          },
        })
      ).id;
      const MAX_CONCURRENT = 5;
      const PER_MINUTE = 40;
      const campaign = await db().campaign.create({
        data: {
          projectId,
          name: 'SIPp sixty',
          status: 'running',
          agentId,
          versionId,
          connectionId,
          maxConcurrent: MAX_CONCURRENT,
          callsPerMinute: PER_MINUTE,
          maxAttempts: 2,
          // SIPp's callees send no audio to judge: no answering-machine detection, the agent speaks at once.
          machineAction: 'none',
          schedule: { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' },
          retry: { busy: { retry: true, delayMinutes: 1 }, no_answer: { retry: true, delayMinutes: 1 } },
          doneCriteria: { field: 'reminded', equals: true },
        },
      });
      const phones = Array.from({ length: 60 }, (_, i) => phone(i));
      await db().campaignContact.createMany({
        data: phones.map((p, i) => ({
          campaignId: campaign.id,
          projectId,
          phone: p,
          rows: [i + 1],
          ...(p === PRESSES ? { variables: { survey: 'keys' } } : {}),
        })),
      });

      // The dialer as the workers run it, but in this process and on a clock the test may move ahead.
      let skewMs = 0;
      const jobs: string[] = [];
      const deps: DialerDeps = {
        db: db(),
        redis,
        logger,
        now: () => new Date(Date.now() + skewMs),
        enqueueDial: async (attemptId) => void jobs.push(attemptId),
        originate: (pid, testCallId) =>
          publishTelephony({ type: 'test-call.requested', projectId: pid, testCallId }, redis),
      };
      const deadline = Date.now() + 420_000;
      let rounds = 0;
      for (;;) {
        await campaignTick(deps, dispatchCampaign);
        while (jobs.length) await dialAttempt(deps, jobs.shift()!);
        const status = (await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status;
        if (status === 'completed') break;
        if (Date.now() > deadline) throw new Error('campaign did not complete');
        const live = await db().campaignAttempt.count({
          where: { campaignId: campaign.id, status: { in: ['claimed', 'dialing', 'analysing'] } },
        });
        const due = await db().campaignContact.count({
          where: { campaignId: campaign.id, status: 'pending', nextAttemptAt: { lte: deps.now() } },
        });
        // Nothing to do but wait for retries: skip ahead (the wall clock keeps the SIP side honest).
        if (live === 0 && due === 0) skewMs += 15_000;
        if (++rounds % 40 === 0) {
          const byStatus = await db().campaignContact.groupBy({
            by: ['status'],
            where: { campaignId: campaign.id },
            _count: true,
          });
          process.stderr.write(
            `dialer-sipp: live ${live}, ${JSON.stringify(byStatus.map((g) => [g.status, g._count]))}\n`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }

      const contacts = await db().campaignContact.findMany({ where: { campaignId: campaign.id } });
      const attempts = await db().campaignAttempt.findMany({ where: { campaignId: campaign.id } });
      const byPhone = new Map(contacts.map((c) => [c.phone, c]));
      for (const p of phones) {
        const contact = byPhone.get(p)!;
        const tries = attempts.filter((a) => a.phone === p);
        if (p === BUSY_ONCE) {
          // Busy, retried after the busy delay, answered: completed on the second attempt.
          expect({ status: contact.status, tries: tries.map((a) => [a.outcome, a.sipCode]) }).toEqual({
            status: 'completed',
            tries: [
              ['busy', 486],
              ['completed', 200],
            ],
          });
          continue;
        }
        if (p === PRESSES) {
          // The key pressed at the agent's question (2 = cancel) is the contact's outcome.
          expect({ status: contact.status, tries: tries.length, outcomes: contact.outcomes }).toEqual({
            status: 'completed',
            tries: 1,
            outcomes: { answer: 'cancel', reminded: true },
          });
          continue;
        }
        if (expected(p) === 'answer') {
          expect({ p, status: contact.status, tries: tries.length }).toEqual({
            p,
            status: 'completed',
            tries: 1,
          });
          expect(contact.outcomes).toMatchObject({ reminded: true });
        } else {
          expect({ p, status: contact.status, tries: tries.map((a) => a.outcome) }).toEqual({
            p,
            status: 'failed',
            tries: [expected(p), expected(p)],
          });
        }
      }
      // Exactly once per attempt: one test call (one INVITE) per attempt row.
      const calls = await db().testCall.findMany({
        where: { id: { in: attempts.map((a) => a.testCallId!).filter(Boolean) } },
      });
      expect(calls).toHaveLength(attempts.length);
      // SIPp: 36 answer, 22 busy or unanswered (twice each); the presser once, the busy-once number twice.
      expect(attempts).toHaveLength(36 + 22 * 2 + 1 + 2);
      // Concurrency: calls from queued to ended never overlap more than the campaign allows.
      const edges = calls.flatMap((c) => [
        { at: c.createdAt.getTime(), d: 1 },
        { at: (c.endedAt ?? c.updatedAt).getTime(), d: -1 },
      ]);
      edges.sort((a, b) => a.at - b.at || a.d - b.d);
      let open = 0;
      let most = 0;
      for (const e of edges) most = Math.max(most, (open += e.d));
      expect(most).toBeLessThanOrEqual(MAX_CONCURRENT);
      expect(most).toBeGreaterThan(1);
      // Calls per minute: no 60 s window of the dialer's clock holds more calls placed than allowed.
      const placed = attempts.map((a) => a.dialedAt!.getTime()).sort((a, b) => a - b);
      let busiest = 0;
      for (const from of placed)
        busiest = Math.max(busiest, placed.filter((t) => t >= from && t < from + 60_000).length);
      process.stderr.write(`dialer-sipp: most at once ${most}, most new in a minute ${busiest}\n`);
      expect(busiest).toBeLessThanOrEqual(PER_MINUTE);
    },
  );
});
