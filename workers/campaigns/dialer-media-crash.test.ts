/**
 * Kill -9 of a media server in the middle of a campaign. The media server runs in its own process (voice and
 * telephony stacks, as in production) and calls a SIPp that answers; the dialer runs here. With calls up on
 * it, the server is killed with SIGKILL and another one started. Its calls stop being stamped, so the dialer
 * judges them lost after a minute: failed, retried by the campaign's rule on the new server, never dialled
 * while the lost call still counted as live. Every contact ends completed and nothing stays "dialing".
 */
import { spawn, type ChildProcessWithoutNullStreams, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
import { CallEventsConsumer } from '../call-records/call-events-consumer.ts';

const root = resolve(import.meta.dirname, '../..');
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const recordsRedis = createRedis({
  REDIS_URL: process.env.REDIS_URL!,
  REDIS_PREFIX: process.env.REDIS_PREFIX!,
});
const logger = createLogger('dialer-media-crash', 'silent');
const STREAM = `events:calls:media-crash-${crypto.randomUUID().slice(0, 6)}`;
const children: ChildProcess[] = [];
let records: CallEventsConsumer;
let sippPort: number;

/** A media server process; resolves once it takes calls. */
async function startMediaServer(): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'media-server/src/telephony/test-support/campaign-media-server.ts', STREAM],
    { cwd: root, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (out = (out + chunk.toString('utf8')).slice(-5000)));
  for (const end = Date.now() + 90_000; !out.includes('ready');) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`media server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

const graph = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', data: {} },
    { id: 'hi', type: 'say', data: { text: 'Напоминаем о визите.' } },
    // SIPp sends no keys: the question waits a few seconds, so calls are up when the server is killed.
    {
      id: 'ask',
      type: 'ask',
      data: {
        prompt: 'Нажмите 1, чтобы подтвердить.',
        slotType: 'yes_no',
        variable: 'ok',
        inputModes: 'dtmf',
        maxRetries: 0,
        noInputTimeoutMs: 6000,
      },
    },
    { id: 'done', type: 'set_outcome', data: { field: 'reminded', value: 'true' } },
    { id: 'bye', type: 'end', data: { disposition: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' },
    { id: 'e2', source: 'hi', sourceHandle: 'next', target: 'ask' },
    { id: 'e3', source: 'ask', sourceHandle: 'next', target: 'done' },
    { id: 'e4', source: 'ask', sourceHandle: 'no_input', target: 'done' },
    { id: 'e5', source: 'ask', sourceHandle: 'no_match', target: 'done' },
    { id: 'e6', source: 'done', sourceHandle: 'next', target: 'bye' },
  ],
  settings: { language: 'ru' },
};

beforeAll(async () => {
  // The SIPp callee is on loopback, which the install allows (the child media servers inherit this).
  process.env.TELEPHONY_ALLOW_HOSTS = '127.0.0.1';
  records = new CallEventsConsumer({ redis: recordsRedis, db: db(), logger, stream: STREAM, blockMs: 200 });
  await records.start();
  sippPort = await freePort();
  const media = await freeUdpRange(4);
  children.push(
    spawn(
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
      ],
      { cwd: mkdtempSync(join(tmpdir(), 'sipp-uas-')), stdio: 'ignore' },
    ),
  );
}, 60_000);

afterAll(async () => {
  delete process.env.TELEPHONY_ALLOW_HOSTS;
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await records?.stop();
  await recordsRedis.quit();
  await redis.del(STREAM);
  await redis.quit();
  await closeTelephonyRedis();
  await disconnectDb();
});

it(
  'fails the calls of a media server killed mid-campaign and calls them again on the next one',
  { timeout: 480_000 },
  async () => {
    const projectId = (await createProject(db(), 'Media server crash')).id;
    const { agent, version } = await createPublishedAgent(db(), projectId, {
      name: 'Reminder',
      language: 'ru',
      graph,
    });
    const connection = await db().sipConnection.create({
      data: {
        projectId,
        name: 'SIPp',
        provider: 'generic',
        host: '127.0.0.1',
        port: sippPort,
        authMode: 'ip',
        codecs: ['PCMU', 'PCMA'],
      },
    });
    const campaign = await db().campaign.create({
      data: {
        projectId,
        name: 'Crash of a media server',
        status: 'running',
        agentId: agent.id,
        versionId: version.id,
        connectionId: connection.id,
        maxConcurrent: 3,
        callsPerMinute: 60,
        maxAttempts: 3,
        machineAction: 'none',
        schedule: { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' },
        retry: { failed: { retry: true, delayMinutes: 1 } },
        doneCriteria: { field: 'reminded', equals: true },
      },
    });
    // Last digits 0–5: the SIPp scenario answers them.
    const phones = Array.from({ length: 6 }, (_, i) => `+7495310000${i}`);
    await db().campaignContact.createMany({
      data: phones.map((phone, i) => ({ campaignId: campaign.id, projectId, phone, rows: [i + 1] })),
    });

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
    const round = async () => {
      await campaignTick(deps, dispatchCampaign);
      while (jobs.length) await dialAttempt(deps, jobs.shift()!);
    };
    const attempts = () => db().campaignAttempt.findMany({ where: { campaignId: campaign.id } });
    const callsOf = async (ids: (string | null)[]) =>
      db().testCall.findMany({ where: { id: { in: ids.filter((id): id is string => !!id) } } });

    const first = await startMediaServer();
    // Dial until at least two calls are answered on the first server, then kill it.
    for (const end = Date.now() + 120_000; ;) {
      await round();
      const answered = (await callsOf((await attempts()).map((a) => a.testCallId))).filter(
        (c) => c.status === 'answered',
      );
      if (answered.length >= 2) break;
      if (Date.now() > end) throw new Error('no calls answered on the first media server');
      await new Promise((r) => setTimeout(r, 200));
    }
    first.kill('SIGKILL');
    const killedAt = Date.now();
    // The calls it had: answered, ringing or just claimed (ended ones are settled as usual).
    const onKilled = (await callsOf((await attempts()).map((a) => a.testCallId)))
      .filter((c) => c.status !== 'ended' && c.status !== 'failed')
      .map((c) => c.id);
    expect(onKilled.length).toBeGreaterThanOrEqual(2);
    await startMediaServer();

    for (const end = Date.now() + 300_000; ;) {
      await round();
      const c = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
      if (c.status === 'completed') break;
      if (Date.now() > end) throw new Error(`campaign did not complete: ${JSON.stringify(await attempts())}`);
      const live = await db().campaignAttempt.count({
        where: { campaignId: campaign.id, status: { in: ['claimed', 'dialing', 'analysing'] } },
      });
      const due = await db().campaignContact.count({
        where: { campaignId: campaign.id, status: 'pending', nextAttemptAt: { lte: deps.now() } },
      });
      // Only the retry delay is skipped; the lost calls are judged on the wall clock.
      if (live === 0 && due === 0) skewMs += 15_000;
      await new Promise((r) => setTimeout(r, 500));
    }

    const all = await attempts();
    const lost = all.filter((a) => a.testCallId && onKilled.includes(a.testCallId));
    expect(lost).toHaveLength(onKilled.length);
    for (const a of lost) {
      expect(a).toMatchObject({ status: 'ended', outcome: 'failed' });
      expect(a.reason).toContain('stopped reporting');
    }
    // Judged on the wall clock, a minute without stamps after the kill (the dialer's clock is only skewed).
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(60_000);
    for (const row of await callsOf(onKilled)) expect(row.status).toBe('failed');
    const contacts = await db().campaignContact.findMany({ where: { campaignId: campaign.id } });
    const lostContacts = new Set(lost.map((a) => a.contactId));
    for (const contact of contacts) {
      const tries = all.filter((a) => a.contactId === contact.id).sort((a, b) => a.number - b.number);
      expect({
        phone: contact.phone,
        status: contact.status,
        outcomes: tries.map((a) => a.outcome),
      }).toEqual({
        phone: contact.phone,
        status: 'completed',
        outcomes: lostContacts.has(contact.id) ? ['failed', 'completed'] : ['completed'],
      });
      // Never dialled twice at once: each retry was placed after the attempt before it was closed.
      for (let i = 1; i < tries.length; i++)
        expect(tries[i]!.dialedAt!.getTime()).toBeGreaterThanOrEqual(tries[i - 1]!.endedAt!.getTime());
    }
    // One test call (one INVITE) per attempt, and nothing left "dialing" or "in call".
    expect(await callsOf(all.map((a) => a.testCallId))).toHaveLength(all.length);
    expect(all.every((a) => a.status === 'ended')).toBe(true);
  },
);
