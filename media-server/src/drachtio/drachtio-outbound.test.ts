// Test and campaign calls on the drachtio path, end to end on loopback: the API queues a test call, the
// media server's trial-call runner (over Redis, as in production) places it through the drachtio gateway
// (SIP_ENGINE=drachtio): drachtio-srf against the fake drachtio-server, FreeSWITCH's channel from the fake
// event socket, the carrier played by the fake server's far end. The same rows, call records, leases and
// recordings as the embedded gateway's test calls (test-call.baresip.test.ts).
import { createHash } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../../tests/support/factories.ts';
import { bearerFor, callRouteJson, type RouteModule } from '../../../tests/support/route-call.ts';
import * as testCallsRoute from '../../../app/routes/api.v1.projects.$projectId.test-calls.ts';
import * as testCallRoute from '../../../app/routes/api.v1.projects.$projectId.test-calls.$testCallId.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import type { VoiceCallEventOf } from '#server/calls/call-events.ts';
import { outcomeOfSipCode } from '#server/campaigns/dialer/settle.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { routeDialled } from '#server/telephony/inbound-route.server.ts';
import { closeTelephonyRedis } from '#server/telephony/telephony-bus.server.ts';
import { rms } from '../audio/pcm.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { streamEventsOf } from '../sip-gateway/test-support/stream-events.ts';
import { startTelephonyStack } from '../telephony/telephony-stack.ts';
import { createSipRouting } from '../wiring/sip-routing.ts';
import { startVoiceStack, type VoiceStack } from '../wiring/voice-stack.ts';
import { heldAnswer, offerOnly } from './outbound-sdp.ts';
import { startDrachtioGateway, type DrachtioGateway } from './drachtio-gateway.ts';
import { FakeDrachtioServer, formatSip, header, type SipText } from './test-support/fake-drachtio-server.ts';
import { FakeFreeSwitch } from './test-support/fake-freeswitch.ts';
import { dialAttempt } from '#server/campaigns/dialer/dial-attempt.ts';
import type { DialerDeps } from '#server/campaigns/dialer/dialer-deps.ts';
import { dispatchCampaign } from '#server/campaigns/dialer/dispatch.ts';
import { campaignTick } from '#server/campaigns/dialer/settle.ts';
import { publishTelephony } from '#server/telephony/telephony-bus.server.ts';
import { CallEventsConsumer } from '../../../workers/call-records/call-events-consumer.ts';

const FS_SDP =
  'v=0\r\no=FreeSWITCH 1 1 IN IP4 127.0.0.1\r\ns=FreeSWITCH\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n';
const CARRIER_SDP =
  'v=0\r\no=carrier 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 42000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n';
const STREAM = 'events:calls:drachtio-outbound';

const greeting = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'say',
      type: 'say',
      position: { x: 0, y: 100 },
      data: { text: 'Hello, this is a call from the platform.' },
    },
    { id: 'end', type: 'end', position: { x: 0, y: 200 }, data: { message: 'Goodbye.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'say' },
    { id: 'e2', source: 'say', sourceHandle: 'next', target: 'end' },
  ],
  settings: { language: 'en' },
};

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
let stack: VoiceStack;
let telephony: Awaited<ReturnType<typeof startTelephonyStack>>;
let fs: FakeFreeSwitch;
let drachtio: FakeDrachtioServer;
let gateway: DrachtioGateway;
let projectId = '';
let agentId = '';
let versionId = '';
/** The call-records writer: a campaign's settling reads the records. */
const recordsRedis = createRedis({
  REDIS_URL: process.env.REDIS_URL!,
  REDIS_PREFIX: process.env.REDIS_PREFIX!,
});
let records: CallEventsConsumer;
let connectionId = '';
let owner: Record<string, string> = {};
/** What FreeSWITCH was sent: the offerless INVITE, our held answer's ACK, the re-INVITE with the carrier's SDP. */
const mediaInvites: SipText[] = [];
const carrierInvites: SipText[] = [];
/** FreeSWITCH channel uuid by our Call-ID. */
const uuids = new Map<string, string>();

async function call(mod: RouteModule, method: string, params: Record<string, string>, body?: unknown) {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers: owner,
    body,
  });
}

/** Polls the test call like the screen does, collecting the states it passes through. */
async function follow(testCallId: string, timeoutMs = 30_000) {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await call(testCallRoute, 'GET', { testCallId });
    if (seen.at(-1) !== got.json.status) seen.push(got.json.status);
    if (got.json.status === 'ended' || got.json.status === 'failed') return { seen, final: got.json };
    if (Date.now() > deadline) throw new Error(`test call stuck: ${seen.join(' → ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function until<T>(
  test: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function placeTestCall(to: string): Promise<string> {
  const created = await call(testCallsRoute, 'POST', {}, { connectionId, agentId, to });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

const sipCallIdOf = async (testCallId: string) =>
  (await db().testCall.findUniqueOrThrow({ where: { id: testCallId } })).sipCallId ?? '';

const endedEvent = async (callId: string) =>
  (await streamEventsOf(redis, STREAM, callId)).find(
    (e): e is VoiceCallEventOf<'call.ended'> => e.type === 'call.ended',
  );

beforeAll(async () => {
  process.env.TELEPHONY_ALLOW_HOSTS = '127.0.0.1';
  const logger = createLogger('drachtio-outbound-test', process.env.LOG_LEVEL ?? 'silent');
  projectId = (await createProject(db(), 'Outbound on drachtio')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'owner');
  owner = await bearerFor(user.id);
  const published = await createPublishedAgent(db(), projectId, {
    name: 'Caller',
    language: 'en',
    graph: greeting,
  });
  agentId = published.agent.id;
  versionId = published.version.id;
  // The carrier is the fake's far end: nothing listens on this port, drachtio-server is what "sends".
  connectionId = (
    await db().sipConnection.create({
      data: { projectId, name: 'Trunk', provider: 'generic', host: '127.0.0.1', port: 5099, authMode: 'ip' },
    })
  ).id;
  stack = await startVoiceStack({
    redis,
    logger,
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(4), allowHosts: ['127.0.0.1'] },
    maxCallsPerProject: 5,
    eventsStream: STREAM,
    // Leases in Redis, as on a cluster: test calls on drachtio take them like embedded ones.
    clusterLimits: { leaseMs: 30_000 },
    recordingDir: mkdtempSync(join(tmpdir(), 'drachtio-outbound-rec-')),
  });
  fs = await FakeFreeSwitch.start('fs-secret');
  drachtio = await FakeDrachtioServer.start({
    secret: 'drachtio-secret',
    async answerInvite(invite) {
      const uri = invite.startLine.split(' ')[1] ?? '';
      const legToken = header(invite, 'X-Voice-Leg');
      if (legToken) {
        // FreeSWITCH: an offerless INVITE; its dialplan parks the channel and offers its SDP.
        mediaInvites.push(invite);
        const uuid = fs.newUuid();
        uuids.set(header(invite, 'X-Voice-Call-Id') ?? '', uuid);
        setTimeout(() => fs.park(uuid, legToken), 10);
        return FS_SDP;
      }
      if (uri === 'sip:placeholder') {
        mediaInvites.push(invite); // the re-INVITE giving FreeSWITCH the carrier's answer
        return FS_SDP;
      }
      carrierInvites.push(invite);
      const user = /^sips?:([^@]+)@/.exec(uri)?.[1] ?? '';
      // Campaign numbers: …6 is busy, …8 does not answer, the rest answer.
      if (user === 'busy' || /^\+?\d+6$/.test(user))
        return {
          provisional: [180],
          status: 486,
          reason: 'Busy Here',
          headers: [['Reason', 'Q.850;cause=17;text="User busy"']],
        };
      if (user === 'noanswer' || /^\+?\d+8$/.test(user))
        return { provisional: [180], status: 0, ringUntilCancelled: true };
      if (user === 'authme') {
        // A carrier that challenges calls: 407, then the digest answer (RFC 2617, no qop) must be right.
        const given = header(invite, 'Proxy-Authorization');
        if (!given)
          return {
            status: 407,
            reason: 'Proxy Authentication Required',
            headers: [['Proxy-Authenticate', 'Digest realm="carrier", nonce="n0nce", algorithm=MD5']],
          };
        const md5 = (text: string) => createHash('md5').update(text).digest('hex');
        const expected = md5(`${md5('bob:carrier:trunk-pass')}:n0nce:${md5(`INVITE:${uri}`)}`);
        if (!given.includes(`response="${expected}"`) || !given.includes('username="bob"'))
          return { status: 403, reason: 'Forbidden' };
        return { provisional: [180], status: 200, sdp: CARRIER_SDP };
      }
      if (user === 'unavailable') return { status: 503, reason: 'Service Unavailable' };
      return { provisional: [180], status: 200, sdp: CARRIER_SDP };
    },
  });
  gateway = startDrachtioGateway({
    drachtio: { host: '127.0.0.1', port: drachtio.port, secret: 'drachtio-secret' },
    freeswitch: { host: '127.0.0.1', port: fs.port, secret: 'fs-secret', sipUri: 'sip:127.0.0.1:5080' },
    audio: { host: '127.0.0.1', port: 0 },
    route: createSipRouting(stack.gateway, routeDialled, logger, stack.connectionLimits, stack.events),
    addressPolicy: { allowHosts: ['127.0.0.1'] },
    logger,
  });
  await gateway.ready;
  records = new CallEventsConsumer({ redis: recordsRedis, db: db(), logger, stream: STREAM, blockMs: 200 });
  await records.start();
  telephony = await startTelephonyStack({
    voice: stack,
    redis,
    logger,
    retryMs: 500,
    ringTimeoutMs: 1500,
    dialer: gateway,
  });
}, 60_000);

afterAll(async () => {
  delete process.env.TELEPHONY_ALLOW_HOSTS;
  await telephony?.close();
  await gateway?.close();
  await drachtio?.close();
  await fs?.close();
  await stack?.drain(1000);
  await stack?.close();
  await records?.stop();
  await recordsRedis.quit();
  await redis.del(STREAM);
  await redis.quit();
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('test and campaign calls on drachtio + FreeSWITCH', () => {
  it('answered: FreeSWITCH offers, the carrier answers, the agent greets through the fork and hangs up; record, lease and recording', async () => {
    const testCallId = await placeTestCall('+79990001122');
    const answeredRow = await until(async () => {
      const row = await db().testCall.findUnique({ where: { id: testCallId } });
      return row?.status === 'answered' ? row : undefined;
    }, 'answered');
    const callId = answeredRow.sipCallId ?? '';
    // The connection's slot is held (a lease in Redis) while the call is up.
    expect(stack.connectionLimits.count(connectionId)).toBe(1);
    const { seen, final } = await follow(testCallId);
    expect(seen).toContain('ended');
    expect(final).toMatchObject({ status: 'ended', sipCode: 200, reason: 'local_hangup' });

    // FreeSWITCH: offerless INVITE with the leg token, then the re-INVITE carrying the carrier's SDP.
    const [first, reinvite] = mediaInvites.filter(
      (m) => header(m, 'X-Voice-Call-Id') === callId || m.body === CARRIER_SDP,
    );
    expect(first?.body).toBe('');
    expect(reinvite?.body).toBe(CARRIER_SDP);
    // The carrier: our Call-ID and caller ID, offered FreeSWITCH's media, through the connection's first hop.
    const toCarrier = carrierInvites.find((m) => header(m, 'Call-ID') === callId)!;
    expect(toCarrier.startLine).toMatch(/^INVITE sip:\+?79990001122@127\.0\.0\.1:5099 /);
    expect(toCarrier.body).toBe(offerOnly(FS_SDP, ['PCMA', 'PCMU']));
    const uuid = uuids.get(callId)!;
    // The agent spoke through FreeSWITCH: its greeting was forked, written and broadcast on the channel.
    await until(() => fs.played.length > 0, 'playback');
    expect(rms(fs.files.get(fs.played.find((f) => f.includes(uuid))!)!)).toBeGreaterThan(300);
    expect(fs.commands.some((c) => c.startsWith(`uuid_audio_fork ${uuid} start ws://127.0.0.1:`))).toBe(true);

    // BYE to both the carrier and FreeSWITCH.
    await drachtio.until(
      () => drachtio.fromApp.find((m) => m.kind === 'request' && m.dialogId === `media-${callId}`),
      5000,
      'BYE to the carrier',
    );
    const ended = await until(() => endedEvent(callId), 'call.ended');
    expect(ended).toMatchObject({ reason: 'flow_hangup', sipCause: 'BYE sent by platform' });
    const started = (await streamEventsOf(redis, STREAM, callId)).find((e) => e.type === 'call.started');
    expect(started).toMatchObject({ direction: 'outbound', agentId });
    expect(statSync(ended.recordingPath!).size).toBeGreaterThan(1000);
    expect(stack.connectionLimits.count(connectionId)).toBe(0);
  }, 60_000);

  it('the carrier hangs up: ended with its BYE and Reason as the cause', async () => {
    const testCallId = await placeTestCall('hangsup');
    const row = await until(async () => {
      const r = await db().testCall.findUnique({ where: { id: testCallId } });
      return r?.status === 'answered' ? r : undefined;
    }, 'answered');
    const callId = row.sipCallId ?? '';
    const bye = formatSip({
      startLine: 'BYE sip:media@127.0.0.1 SIP/2.0',
      headers: [
        ['Via', `SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK-bye-${callId}`],
        ['From', '<sip:hangsup@127.0.0.1>;tag=fs1'],
        ['To', '<sip:anonymous@127.0.0.1>;tag=app1'],
        ['Call-ID', callId],
        ['CSeq', '2 BYE'],
        ['Reason', 'Q.850;cause=16;text="Normal call clearing"'],
      ],
      body: '',
    });
    drachtio.deliver(bye, `bye-${callId}`, `media-${callId}`);
    const { final } = await follow(testCallId);
    expect(final).toMatchObject({ status: 'ended', reason: 'remote_hangup' });
    const ended = await until(() => endedEvent(callId), 'call.ended');
    expect(ended.sipCause).toBe('BYE from callee; Q.850 cause 16 (Normal call clearing)');
    expect(stack.connectionLimits.count(connectionId)).toBe(0);
  }, 60_000);

  it('busy (486): failed with the code, recorded as busy, FreeSWITCH released; a campaign attempt is busy', async () => {
    const testCallId = await placeTestCall('busy');
    const { final } = await follow(testCallId);
    expect(final).toMatchObject({ status: 'failed', sipCode: 486 });
    const callId = await sipCallIdOf(testCallId);
    const ended = await until(() => endedEvent(callId), 'call.ended');
    expect(ended).toMatchObject({
      disposition: 'busy',
      sipCause: '486 Busy Here; Q.850 cause 17 (User busy)',
    });
    expect(outcomeOfSipCode(final.sipCode as number)).toBe('busy');
    // FreeSWITCH's parked channel got its BYE.
    await drachtio.until(
      () =>
        drachtio.fromApp.find(
          (m) =>
            m.kind === 'request' &&
            m.msg.startLine.startsWith('BYE') &&
            mediaInvites.some(
              (i) =>
                header(i, 'X-Voice-Call-Id') === callId && m.dialogId === `media-${header(i, 'Call-ID')}`,
            ),
        ),
      5000,
      'BYE to FreeSWITCH',
    );
    expect(stack.connectionLimits.count(connectionId)).toBe(0);
  }, 30_000);

  it('no answer: CANCEL after the ring timeout, 487 recorded as no answer; a campaign attempt is no_answer', async () => {
    const testCallId = await placeTestCall('noanswer');
    const { seen, final } = await follow(testCallId);
    expect(seen).toContain('ringing'); // the carrier's 180 reaches the screen while it rings
    expect(final).toMatchObject({ status: 'failed', sipCode: 487 });
    const callId = await sipCallIdOf(testCallId);
    expect(drachtio.fromApp.some((m) => m.kind === 'request' && m.msg.startLine.startsWith('CANCEL '))).toBe(
      true,
    );
    const ended = await until(() => endedEvent(callId), 'call.ended');
    expect(ended).toMatchObject({
      disposition: 'no_answer',
      sipCause: '487 Request Terminated; CANCEL sent by platform (no answer in time)',
    });
    expect(outcomeOfSipCode(final.sipCode as number)).toBe('no_answer');
  }, 30_000);

  it('a carrier failure keeps its SIP code (503) and is recorded as failed', async () => {
    const testCallId = await placeTestCall('unavailable');
    const { final } = await follow(testCallId);
    expect(final).toMatchObject({ status: 'failed', sipCode: 503 });
    const ended = await until(async () => endedEvent(await sipCallIdOf(testCallId)), 'call.ended');
    expect(ended).toMatchObject({ disposition: 'failed', sipCause: '503 Service Unavailable' });
    expect(outcomeOfSipCode(503)).toBe('failed');
  }, 30_000);

  it('holds FreeSWITCH silent while the carrier rings (our answer to its offer is inactive, no address)', () => {
    const held = heldAnswer(FS_SDP);
    expect(held).toContain('c=IN IP4 0.0.0.0');
    expect(held).toContain('a=inactive');
    expect(held).not.toContain('a=sendrecv');
  });

  it("offers the carrier only the connection's codecs, in its order, with telephone-event", () => {
    const offer = offerOnly(FS_SDP, ['PCMU']);
    expect(offer).toContain('m=audio 30000 RTP/AVP 0 101\r\n');
    expect(offer).not.toContain('PCMA');
    expect(offer).toContain('a=rtpmap:101 telephone-event/8000');
    // Nothing in common: the offer goes as FreeSWITCH made it.
    expect(offerOnly(FS_SDP.replace(/ 8 0 101/, ' 9 101'), ['PCMU'])).toBe(
      FS_SDP.replace(/ 8 0 101/, ' 9 101'),
    );
  });

  it('a campaign on drachtio: the dialer places each contact through FreeSWITCH; answered, busy and unanswered attempts get their outcomes', async () => {
    const campaign = await db().campaign.create({
      data: {
        projectId,
        name: 'Drachtio three',
        status: 'running',
        agentId,
        versionId,
        connectionId,
        maxConcurrent: 3,
        callsPerMinute: 60,
        maxAttempts: 1,
        machineAction: 'none',
        schedule: { weekdays: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' },
      },
    });
    const phones = ['+74953000002', '+74953000006', '+74953000008'];
    await db().campaignContact.createMany({
      data: phones.map((phone, i) => ({ campaignId: campaign.id, projectId, phone, rows: [i + 1] })),
    });
    // The dialer as the workers run it (campaign-jobs.ts), in this process.
    const jobs: string[] = [];
    const deps: DialerDeps = {
      db: db(),
      redis,
      logger: createLogger('drachtio-outbound-dialer', 'silent'),
      now: () => new Date(),
      enqueueDial: async (attemptId) => void jobs.push(attemptId),
      originate: (pid, testCallId) =>
        publishTelephony({ type: 'test-call.requested', projectId: pid, testCallId }, redis),
    };
    const deadline = Date.now() + 60_000;
    for (;;) {
      await campaignTick(deps, dispatchCampaign);
      while (jobs.length) await dialAttempt(deps, jobs.shift()!);
      const { status } = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
      if (status === 'completed') break;
      if (Date.now() > deadline) throw new Error('campaign did not complete');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const attempts = await db().campaignAttempt.findMany({ where: { campaignId: campaign.id } });
    const byPhone = Object.fromEntries(attempts.map((a) => [a.phone, [a.outcome, a.sipCode]]));
    expect(byPhone).toEqual({
      '+74953000002': ['completed', 200],
      '+74953000006': ['busy', 486],
      '+74953000008': ['no_answer', 487],
    });
    // Each went out through drachtio to the carrier, offered FreeSWITCH's media.
    for (const phone of phones)
      expect(
        carrierInvites.some(
          (m) => m.startLine.includes(phone.slice(1)) && m.body.includes('c=IN IP4 127.0.0.1'),
        ),
      ).toBe(true);
  }, 90_000);

  it('a carrier that challenges the INVITE (407) gets the digest answer from the connection credentials and answers', async () => {
    const trunk = await db().sipConnection.create({
      data: {
        projectId,
        name: 'Registering trunk',
        provider: 'generic',
        host: '127.0.0.1',
        port: 5099,
        username: 'bob',
        authMode: 'registration',
      },
    });
    // The password goes through the credentials service, like the API stores it.
    const { sipCredentials } = await import('#server/telephony/sip-credentials.server.ts');
    const secret = await sipCredentials().create(
      projectId,
      { name: `sip-connection:${trunk.id}`, kind: 'sip_password', secret: 'trunk-pass' },
      { actorUserId: null, actorType: 'system' },
    );
    await db().sipConnection.update({ where: { id: trunk.id }, data: { credentialId: secret.id } });
    const created = await call(testCallsRoute, 'POST', {}, { connectionId: trunk.id, agentId, to: 'authme' });
    expect(created.status).toBe(201);
    const { seen, final } = await follow(created.json.id as string);
    expect(seen).toContain('answered');
    expect(final).toMatchObject({ status: 'ended', sipCode: 200 });
    const callId = await sipCallIdOf(created.json.id as string);
    const tries = carrierInvites.filter((m) => header(m, 'Call-ID') === callId);
    expect(tries.map((m) => Boolean(header(m, 'Proxy-Authorization')))).toEqual([false, true]);
  }, 60_000);

  // Last: the gateway stays draining.
  it('a draining server places no call: 503 Draining, as on the embedded gateway, and no INVITE leaves', async () => {
    gateway.drain();
    const before = drachtio.fromApp.length;
    const testCallId = await placeTestCall('+79990003344');
    const { final } = await follow(testCallId);
    expect(final).toMatchObject({ status: 'failed', sipCode: 503, reason: 'Draining' });
    const ended = await until(async () => endedEvent(await sipCallIdOf(testCallId)), 'call.ended');
    expect(ended).toMatchObject({ disposition: 'failed', sipCause: '503 Draining (platform)' });
    expect(drachtio.fromApp.slice(before).some((m) => m.msg.startLine.startsWith('INVITE'))).toBe(false);
  }, 30_000);
});
