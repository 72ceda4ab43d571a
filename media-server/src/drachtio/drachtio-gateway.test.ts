// The drachtio path end to end on loopback: drachtio-srf against a fake drachtio-server speaking its wire
// protocol, our ESL client against a fake FreeSWITCH event socket whose mod_audio_fork stand-in dials our
// WebSocket server; real routing (test database, published agent), Redis, Silero VAD and espeak-ng.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { ConversationStore } from '../conversation/conversation-store.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { rms } from '../audio/pcm.ts';
import { createEspeakTts } from '../providers/tts/espeak-tts.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes, routeDialled } from '#server/telephony/inbound-route.server.ts';
import { loadSileroVad } from '../audio/silero-vad.ts';
import type { VoiceCallEvent, VoiceCallEventOf } from '#server/calls/call-events.ts';
import { VoiceGateway } from '../call/voice-gateway.ts';
import { fakeStt, synthesizeSpeech } from '../browser/test-support/voice-test-server.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
import { createSipRouting } from '../wiring/sip-routing.ts';
import { startDrachtioGateway, type DrachtioGateway } from './drachtio-gateway.ts';
import {
  FakeDrachtioServer,
  formatSip,
  header,
  type AppMessage,
} from './test-support/fake-drachtio-server.ts';
import { FakeFreeSwitch } from './test-support/fake-freeswitch.ts';

const keypadMenu = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
) as object;
const CALLER_SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n';
const FS_SDP =
  'v=0\r\no=FreeSWITCH 1 1 IN IP4 127.0.0.1\r\ns=FreeSWITCH\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n';

const transferFlow = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'handoff',
      type: 'transfer',
      position: { x: 0, y: 100 },
      data: {
        target: { kind: 'sip', value: 'sip:operator@10.0.0.9' },
        mode: 'cold',
        message: 'Connecting you.',
      },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'handoff' }],
};

/** A warm hand-off: FreeSWITCH dials the operator, the agent briefs them, FreeSWITCH joins the channels. */
const warmTransferFlow = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'handoff',
      type: 'transfer',
      position: { x: 0, y: 100 },
      data: {
        target: { kind: 'sip', value: 'sip:operator@10.0.0.9' },
        mode: 'warm',
        reason: 'booking',
        summary: 'The caller wants to book a cleaning.',
      },
    },
    { id: 'sorry', type: 'say', position: { x: 200, y: 200 }, data: { text: 'Nobody answered.' } },
    { id: 'end', type: 'end', position: { x: 200, y: 300 }, data: { message: 'Goodbye.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'handoff' },
    { id: 'e2', source: 'handoff', sourceHandle: 'failed', target: 'sorry' },
    { id: 'e3', source: 'sorry', target: 'end' },
  ],
  settings: { language: 'en' },
};

/** The same hand-off, to another loopback address than the caller's, which this install does not allow. */
const loopbackTransferFlow = JSON.parse(
  JSON.stringify(transferFlow).replace('sip:operator@10.0.0.9', 'sip:operator@127.0.0.2:6379'),
) as object;

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const events: VoiceCallEvent[] = [];
const uuids = new Map<string, string>(); // caller Call-ID -> FreeSWITCH uuid
const stt = fakeStt('support');
let agentId = '';
let versionId = '';
let fs: FakeFreeSwitch;
let drachtio: FakeDrachtioServer;
let gateway: DrachtioGateway;
let address = '';
let transferAddress = '';
let loopbackTransferAddress = '';
let warmAddress = '';
/** Calls whose media INVITE FreeSWITCH answers only after this many ms (to let the caller cancel). */
const slowMedia = new Map<string, number>();

const of = <T extends VoiceCallEvent['type']>(callId: string, type: T) =>
  events.filter((e): e is VoiceCallEventOf<T> => e.type === type && e.callId === callId);

function invite(callId: string, to: string): string {
  return formatSip({
    startLine: `INVITE sip:${to}@127.0.0.1 SIP/2.0`,
    headers: [
      ['Via', 'SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-' + callId],
      ['From', '<sip:+79990001122@127.0.0.1>;tag=caller'],
      ['To', `<sip:${to}@127.0.0.1>`],
      ['Call-ID', callId],
      ['CSeq', '1 INVITE'],
      ['Contact', '<sip:caller@127.0.0.1:5062>'],
      ['Max-Forwards', '70'],
      ['Content-Type', 'application/sdp'],
    ],
    body: CALLER_SDP,
  });
}

function inDialog(method: string, callId: string, cseq: number, extra: [string, string][] = []): string {
  return formatSip({
    startLine: `${method} sip:media@127.0.0.1 SIP/2.0`,
    headers: [
      ['Via', `SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-${method}-${callId}`],
      ['From', '<sip:+79990001122@127.0.0.1>;tag=caller'],
      ['To', `<sip:${address}@127.0.0.1>;tag=ours`],
      ['Call-ID', callId],
      ['CSeq', `${cseq} ${method}`],
      ['Max-Forwards', '70'],
      ...extra,
    ],
    body: '',
  });
}

const finalResponse = (txnId: string) => () =>
  drachtio.fromApp.find(
    (m) => m.kind === 'response' && m.txnId === txnId && !/^SIP\/2\.0 1\d\d/.test(m.msg.startLine),
  );
const requestOn = (method: string, dialogId: string) => () =>
  drachtio.fromApp.find(
    (m): m is AppMessage =>
      m.kind === 'request' && m.dialogId === dialogId && m.msg.startLine.startsWith(method),
  );

// Generous: synthesis and the fakes share a loaded machine with the rest of the suite; nothing here is timed.
async function until<T>(test: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Places a call and acknowledges the answer; returns the caller's dialog id. */
async function answeredCall(callId: string, to = address): Promise<string> {
  drachtio.deliver(invite(callId, to), `net-${callId}`);
  const ok = await drachtio.until(finalResponse(`net-${callId}`), 8000, '200 OK');
  expect(ok.msg.startLine).toBe('SIP/2.0 200 OK');
  expect(ok.msg.body).toBe(FS_SDP); // the caller talks RTP with FreeSWITCH
  drachtio.deliver(inDialog('ACK', callId, 1), `ack-${callId}`, ok.dialogId);
  return ok.dialogId;
}

beforeAll(async () => {
  const logger = createLogger('drachtio-test', process.env.LOG_LEVEL ?? 'silent');
  const projectId = (await createProject(db(), 'Drachtio path')).id;
  address = `fs-${randomUUID().slice(0, 8)}`;
  const published = await createPublishedAgent(db(), projectId, {
    name: 'Reception',
    language: 'en',
    graph: keypadMenu,
    address,
  });
  transferAddress = `${address}-transfer`;
  await createPublishedAgent(db(), projectId, {
    name: 'Handoff',
    language: 'en',
    graph: transferFlow,
    address: transferAddress,
  });
  loopbackTransferAddress = `${address}-loopback`;
  await createPublishedAgent(db(), projectId, {
    name: 'Handoff to loopback',
    language: 'en',
    graph: loopbackTransferFlow,
    address: loopbackTransferAddress,
  });
  warmAddress = `${address}-warm`;
  await createPublishedAgent(db(), projectId, {
    name: 'Warm handoff',
    language: 'en',
    graph: warmTransferFlow,
    address: warmAddress,
  });
  agentId = published.agent.id;
  versionId = published.version.id;
  forgetRoutes();
  const voice = new VoiceGateway({
    conversations: new ConversationStore(redis),
    portsFor: cachedPortsFor({ logger }),
    stt,
    tts: createEspeakTts(),
    vad: await loadSileroVad(),
    logger,
    events: (event) => events.push(event),
    settings: { endSilenceMs: 500 },
    maxCallsPerProject: 5,
  });
  fs = await FakeFreeSwitch.start('fs-secret');
  drachtio = await FakeDrachtioServer.start({
    secret: 'drachtio-secret',
    async answerInvite(media) {
      const uuid = fs.newUuid();
      const callerCallId = header(media, 'X-Voice-Call-Id') ?? '';
      uuids.set(callerCallId, uuid);
      await new Promise((r) => setTimeout(r, slowMedia.get(callerCallId) ?? 0));
      expect(media.body).toBe(CALLER_SDP); // FreeSWITCH gets the caller's offer
      fs.park(uuid, header(media, 'X-Voice-Leg') ?? '');
      return FS_SDP;
    },
  });
  gateway = startDrachtioGateway({
    drachtio: { host: '127.0.0.1', port: drachtio.port, secret: 'drachtio-secret' },
    freeswitch: { host: '127.0.0.1', port: fs.port, secret: 'fs-secret', sipUri: 'sip:127.0.0.1:5080' },
    audio: { host: '127.0.0.1', port: 0 },
    route: createSipRouting(voice, routeDialled, logger),
    // The flows transfer to an office PBX on a private address, which the install allows (ADR 013).
    addressPolicy: { allowHosts: ['10.0.0.9'] },
    logger,
  });
  await gateway.ready;
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await drachtio?.close();
  await fs?.close();
  await redis.quit();
  await disconnectDb();
});

describe('drachtio-server + FreeSWITCH path', () => {
  it('authenticates to drachtio-server and registers for INVITEs', () => {
    expect(drachtio.authenticated).toBe(true);
    expect(drachtio.routes).toContain('invite');
  });

  it('routes to the published agent, greets through FreeSWITCH, a keypad press moves the flow, the agent hangs up with BYE', async () => {
    const callId = `c-${randomUUID()}`;
    const dialogId = await answeredCall(callId);
    const uuid = uuids.get(callId)!;
    expect(await until(() => of(callId, 'call.started')[0], 'call started')).toMatchObject({
      agentId,
      versionId,
    });
    const fork = await until(
      () => fs.commands.find((c) => c.startsWith(`uuid_audio_fork ${uuid} start ws://127.0.0.1:`)),
      'uuid_audio_fork',
    );
    expect(fork).toMatch(/ mono 8k \{/);
    // The greeting reaches FreeSWITCH as audio and is played on the channel.
    await until(() => fs.played.length > 0, 'playback');
    const greeting = fs.files.get(fs.played[0]!)!;
    expect(rms(greeting)).toBeGreaterThan(300);
    expect(fs.commands).toContain(`uuid_broadcast ${uuid} ${fs.played[0]} aleg`);
    await until(() => of(callId, 'call.reply').find((r) => r.text.startsWith('For sales')), 'menu');
    fs.dtmf(uuid, '1');
    await until(() => of(callId, 'call.reply').find((r) => r.text === 'You chose sales.'), 'choice');
    const bye = await drachtio.until(requestOn('BYE', dialogId), 10_000, 'BYE to the caller');
    expect(bye.msg.startLine).toMatch(/^BYE /);
    expect(header(bye.msg, 'Reason')).toBe('Q.850;cause=16;text="Normal call clearing"');
    // FreeSWITCH's leg is released too.
    await drachtio.until(requestOn('BYE', `media-${mediaCallId(callId)}`), 5000, 'BYE to FreeSWITCH');
    const ended = await until(() => of(callId, 'call.ended')[0], 'call ended');
    expect(ended).toMatchObject({
      reason: 'flow_hangup',
      disposition: 'menu_done',
      sipCause: 'BYE sent by platform',
    });
  }, 30_000);

  it('carries caller audio from the fork into the pipeline (speech recognised, flow answers)', async () => {
    const callId = `c-${randomUUID()}`;
    await answeredCall(callId);
    const uuid = uuids.get(callId)!;
    await until(() => fs.forkOpen(uuid), 'audio fork');
    await until(() => of(callId, 'call.reply').find((r) => r.text.startsWith('For sales')), 'menu');
    const speech = await synthesizeSpeech('I would like support, please.');
    // 16 kHz from espeak, down to the fork's 8 kHz by taking every other sample.
    const narrow = new Int16Array(speech.length >> 1).map((_, i) => speech[i * 2] ?? 0);
    const silence = new Int16Array(160);
    for (let i = 0; i < narrow.length; i += 160) {
      fs.sendCallerAudio(uuid, narrow.subarray(i, i + 160));
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let i = 0; i < 50; i += 1) {
      fs.sendCallerAudio(uuid, silence);
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(
      () => of(callId, 'call.transcript').find((t) => t.text === 'support' && t.final),
      'transcript',
    );
    // Speech over the prompt cut it: the fork is told to drop its audio and the channel's playback stops.
    expect(fs.commands).toContain(`uuid_break ${uuid} all`);
    expect(fs.killAudio.length).toBeGreaterThan(0);
    await until(() => of(callId, 'call.reply').find((r) => r.text === 'You chose support.'), 'reply');
    await until(() => of(callId, 'call.ended')[0], 'call ended', 10_000);
  }, 30_000);

  it('ends the call when the caller hangs up (BYE), and releases FreeSWITCH', async () => {
    const callId = `c-${randomUUID()}`;
    const dialogId = await answeredCall(callId);
    const uuid = uuids.get(callId)!;
    await until(() => fs.played.some((file) => file.includes(uuid)), 'playback');
    const reason = 'Q.850;cause=16;text="Normal call clearing"';
    drachtio.deliver(inDialog('BYE', callId, 2, [['Reason', reason]]), `bye-${callId}`, dialogId);
    const ok = await drachtio.until(finalResponse(`bye-${callId}`), 5000, '200 to BYE');
    expect(ok.msg.startLine).toBe('SIP/2.0 200 OK');
    const ended = await until(() => of(callId, 'call.ended')[0], 'call ended');
    expect(ended.reason).toBe('remote_hangup');
    expect(ended.sipCause).toBe('BYE from caller; Q.850 cause 16 (Normal call clearing)');
    await drachtio.until(requestOn('BYE', `media-${mediaCallId(callId)}`), 5000, 'BYE to FreeSWITCH');
  }, 20_000);

  it("maps the flow's transfer to a REFER on the caller's dialog, then leaves the call", async () => {
    const callId = `c-${randomUUID()}`;
    const dialogId = await answeredCall(callId, transferAddress);
    const refer = await drachtio.until(requestOn('REFER', dialogId), 10_000, 'REFER');
    expect(header(refer.msg, 'Refer-To')).toBe('<sip:operator@10.0.0.9>');
    await drachtio.until(requestOn('BYE', dialogId), 5000, 'BYE after the transfer');
    const ended = await until(() => of(callId, 'call.ended')[0], 'call ended');
    expect(ended.reason).toBe('transferred');
  }, 20_000);

  it('refuses a transfer to a host the address policy does not allow: no REFER, the flow ends the call', async () => {
    const callId = `c-${randomUUID()}`;
    const dialogId = await answeredCall(callId, loopbackTransferAddress);
    const ended = await until(() => of(callId, 'call.ended')[0], 'call ended', 15_000);
    expect(ended.reason).not.toBe('transferred');
    expect(requestOn('REFER', dialogId)()).toBeUndefined();
    const transfer = of(callId, 'call.transfer')[0];
    expect(transfer).toMatchObject({ ok: false });
    expect(transfer?.error).toMatch(/address policy/);
  }, 20_000);

  it('warm transfer: FreeSWITCH originates the operator, the agent briefs them, uuid_bridge joins the channels', async () => {
    const callId = `c-${randomUUID()}`;
    const before = fs.commands.length;
    const dialogId = await answeredCall(callId, warmAddress);
    const callerUuid = uuids.get(callId)!;
    const originate = await until(
      () => fs.commands.slice(before).find((c) => c.startsWith('originate ')),
      'originate',
    );
    expect(originate).toMatch(/sofia\/external\/sip:operator@10\.0\.0\.9 &park\(\)$/);
    expect(originate).toMatch(/originate_timeout=\d+/);
    const operatorUuid = /origination_uuid=([^,}]+)/.exec(originate)![1]!;
    // The operator's channel gets its own audio fork; the summary is spoken to it alone.
    await until(() => fs.forkOpen(operatorUuid), 'operator audio fork');
    const briefing = await until(() => fs.played.find((file) => file.includes(operatorUuid)), 'briefing');
    expect(rms(fs.files.get(briefing)!)).toBeGreaterThan(300);
    // Then FreeSWITCH joins the two channels: no audio through us, no REFER to the caller.
    await until(
      () => fs.commands.find((c) => c === `uuid_bridge ${callerUuid} ${operatorUuid}`),
      'uuid_bridge',
      15_000,
    );
    expect(await until(() => of(callId, 'call.transfer')[0], 'transfer event')).toMatchObject({
      mode: 'warm',
      ok: true,
    });
    expect(requestOn('REFER', dialogId)()).toBeUndefined();
    // The caller hangs up: the operator's channel is killed and the call ends as transferred.
    drachtio.deliver(inDialog('BYE', callId, 2), `bye-${callId}`, dialogId);
    await until(() => fs.commands.find((c) => c.startsWith(`uuid_kill ${operatorUuid}`)), 'operator hung up');
    expect(await until(() => of(callId, 'call.ended')[0], 'call ended')).toMatchObject({
      reason: 'transferred',
      disposition: 'transferred:sip',
    });
  }, 30_000);

  it('warm transfer nobody answers: the originate fails and the flow takes its failed port', async () => {
    const answer = fs.originate;
    fs.originate = async () => '-ERR NO_ANSWER\n';
    try {
      const callId = `c-${randomUUID()}`;
      await answeredCall(callId, warmAddress);
      const transfer = await until(() => of(callId, 'call.transfer')[0], 'transfer event', 15_000);
      expect(transfer).toMatchObject({ mode: 'warm', ok: false });
      expect(transfer.error).toMatch(/nobody answered: .*NO_ANSWER/);
      await until(() => of(callId, 'call.reply').find((r) => r.text === 'Nobody answered.'), 'failed port');
      await until(() => of(callId, 'call.ended')[0], 'call ended', 15_000);
    } finally {
      fs.originate = answer;
    }
  }, 30_000);

  it('warm transfer: a caller who hangs up while the operator rings cancels the originate', async () => {
    const answer = fs.originate;
    // Rings until the channel is killed, as FreeSWITCH's originate does.
    fs.originate = async (_command, uuid) => {
      await until(() => fs.commands.includes(`uuid_kill ${uuid} ORIGINATOR_CANCEL`), 'cancel', 20_000);
      return '-ERR ORIGINATOR_CANCEL\n';
    };
    try {
      const callId = `c-${randomUUID()}`;
      const before = fs.commands.length;
      const dialogId = await answeredCall(callId, warmAddress);
      await until(() => fs.commands.slice(before).find((c) => c.startsWith('originate ')), 'originate');
      drachtio.deliver(inDialog('BYE', callId, 2), `bye-${callId}`, dialogId);
      const transfer = await until(() => of(callId, 'call.transfer')[0], 'transfer event', 15_000);
      expect(transfer).toMatchObject({ mode: 'warm', ok: false });
      expect(transfer.error).toMatch(/caller hung up while the target rang/);
      expect(await until(() => of(callId, 'call.ended')[0], 'call ended')).toMatchObject({
        reason: 'remote_hangup',
      });
    } finally {
      fs.originate = answer;
    }
  }, 30_000);

  it('streams no audio to the caller before it acknowledges the answer', async () => {
    const callId = `c-${randomUUID()}`;
    drachtio.deliver(invite(callId, address), `net-${callId}`);
    const ok = await drachtio.until(finalResponse(`net-${callId}`), 8000, '200 OK');
    const uuid = uuids.get(callId)!;
    await new Promise((r) => setTimeout(r, 500));
    expect(fs.commands.some((c) => c.startsWith(`uuid_audio_fork ${uuid}`))).toBe(false);
    drachtio.deliver(inDialog('ACK', callId, 1), `ack-${callId}`, ok.dialogId);
    await until(() => fs.forkOpen(uuid), 'audio fork after the ACK');
    drachtio.deliver(inDialog('BYE', callId, 2), `bye-${callId}`, ok.dialogId);
    await until(() => of(callId, 'call.ended')[0], 'call ended');
  }, 20_000);

  it('a caller who cancels while FreeSWITCH answers gets 487, and the media leg is released', async () => {
    const callId = `c-${randomUUID()}`;
    slowMedia.set(callId, 400);
    drachtio.deliver(invite(callId, address), `net-${callId}`);
    await drachtio.until(
      () => drachtio.fromApp.find((m) => m.kind === 'request' && header(m.msg, 'X-Voice-Call-Id') === callId),
      5000,
      'media INVITE',
    );
    drachtio.deliver(
      formatSip({
        startLine: `CANCEL sip:${address}@127.0.0.1 SIP/2.0`,
        headers: [
          ['Via', 'SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-' + callId],
          ['From', '<sip:+79990001122@127.0.0.1>;tag=caller'],
          ['To', `<sip:${address}@127.0.0.1>`],
          ['Call-ID', callId],
          ['CSeq', '1 CANCEL'],
          ['Max-Forwards', '70'],
        ],
        body: '',
      }),
      `cancel-${callId}`,
    );
    const final = await drachtio.until(finalResponse(`net-${callId}`), 5000, 'final response');
    expect(final.msg.startLine).toMatch(/^SIP\/2\.0 487/);
    await drachtio.until(requestOn('BYE', `media-${mediaCallId(callId)}`), 5000, 'BYE to FreeSWITCH');
    const ended = await until(() => of(callId, 'call.ended')[0], 'call ended');
    expect(ended.reason).toBe('remote_hangup');
  });

  it('ends the call and sends BYE to the caller when FreeSWITCH hangs up its leg', async () => {
    const callId = `c-${randomUUID()}`;
    const dialogId = await answeredCall(callId);
    await until(() => of(callId, 'call.started')[0], 'call started');
    const mediaDialog = `media-${mediaCallId(callId)}`;
    drachtio.deliver(
      formatSip({
        startLine: 'BYE sip:media@127.0.0.1:5060 SIP/2.0',
        headers: [
          ['Via', `SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-fsbye-${callId}`],
          ['From', '<sip:127.0.0.1:5080>;tag=fs1'],
          ['To', '<sip:media@127.0.0.1>;tag=app'],
          ['Call-ID', mediaCallId(callId)],
          ['CSeq', '2 BYE'],
          ['Max-Forwards', '70'],
        ],
        body: '',
      }),
      `fsbye-${callId}`,
      mediaDialog,
    );
    const bye = await drachtio.until(requestOn('BYE', dialogId), 5000, 'BYE to the caller');
    expect(header(bye.msg, 'Reason')).toBe('Q.850;cause=41;text="Temporary failure"');
    const ended = await until(() => of(callId, 'call.ended')[0], 'call ended');
    expect(ended.reason).toBe('error');
    expect(ended.sipCause).toBe('FreeSWITCH hung up its leg; BYE sent by platform');
  }, 20_000);

  it('refuses a number with no agent with the route status, without touching FreeSWITCH', async () => {
    const before = fs.commands.length;
    const callId = `c-${randomUUID()}`;
    drachtio.deliver(invite(callId, 'nobody-here'), `net-${callId}`);
    const refused = await drachtio.until(finalResponse(`net-${callId}`), 5000, 'refusal');
    expect(refused.msg.startLine).toMatch(/^SIP\/2\.0 404/);
    expect(fs.commands.length).toBe(before);
  });
});

/** The Call-ID of the media INVITE the app sent for a caller's call. */
function mediaCallId(callId: string): string {
  const media = drachtio.fromApp.find(
    (m) =>
      m.kind === 'request' &&
      m.msg.startLine.startsWith('INVITE') &&
      header(m.msg, 'X-Voice-Call-Id') === callId,
  );
  return header(media!.msg, 'Call-ID') ?? '';
}
