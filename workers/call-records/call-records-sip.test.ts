// A real phone call: baresip dials the demo receptionist through the media server's real wiring; the
// gateway's events go to a Redis Stream and the call-records writer files the call with turns and timings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import { toneFrames } from '../../media-server/src/sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../../media-server/src/sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../../media-server/src/sip-gateway/test-support/free-port.ts';
import { startVoiceStack, type VoiceStack } from '../../media-server/src/wiring/voice-stack.ts';
import { createProject, createPublishedAgent } from '../../tests/support/factories.ts';
import { CallEventsConsumer } from './call-events-consumer.ts';

const demoReceptionist = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../app/agent-templates/demo-receptionist.ru.json'), 'utf8'),
) as object;
const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const stream = `events:calls:sip-${crypto.randomUUID().slice(0, 6)}`;
const redis = createRedis(config);
const consumerRedis = createRedis(config);
let stack: VoiceStack;
let consumer: CallEventsConsumer;
let projectId: string;
let versionId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'SIP call records')).id;
  const published = await createPublishedAgent(db(), projectId, {
    name: 'Demo receptionist',
    language: 'ru',
    graph: demoReceptionist,
    address: 'demo-records',
  });
  versionId = published.version.id;
  forgetRoutes();
  const logger = createLogger('sip-records-test', 'silent');
  stack = await startVoiceStack({
    redis,
    logger,
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(20) },
    maxCallsPerProject: 5,
    eventsStream: stream,
  });
  consumer = new CallEventsConsumer({ redis: consumerRedis, db: db(), logger, stream, blockMs: 200 });
  await consumer.start();
}, 60_000);

afterAll(async () => {
  await consumer?.stop();
  await stack?.drain(1000);
  await stack?.close();
  await redis.del(stream);
  await redis.quit();
  await consumerRedis.quit();
  await disconnectDb();
});

it('a baresip call to the demo agent is filed with its turns, stage timings and path', async () => {
  const frames = toneFrames(300, 40_000, 20);
  const caller = new Int16Array(frames.length * 160);
  frames.forEach((f, i) => caller.set(f, i * 160));
  const peer = await startBaresip({ sourcePcm: caller });
  try {
    await peer.command('dial', `sip:demo-records@127.0.0.1:${stack.sip.port}`);
    await peer.waitFor('CALL_ESTABLISHED', 10_000);
    await new Promise((r) => setTimeout(r, 5000));
    await peer.command('sndcode', '2');
    await peer.waitFor('CALL_CLOSED', 40_000);
  } finally {
    await peer.quit().catch(() => undefined);
  }
  const deadline = Date.now() + 20_000;
  let call = await db().call.findFirst({ where: { projectId, status: 'ended' } });
  while (!call && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    call = await db().call.findFirst({ where: { projectId, status: 'ended' } });
  }
  expect(call).toMatchObject({
    direction: 'inbound',
    toNumber: expect.stringContaining('demo-records'),
    versionId,
    versionNumber: 1,
    endReason: 'flow_hangup',
    // The flow hung up: our BYE ended the dialog, and the gateway's end cause reached the record.
    sipCause: 'BYE sent by platform',
  });
  const turns = await db().callTurn.findMany({ where: { callId: call!.id }, orderBy: { seq: 'asc' } });
  const agentLines = turns.filter((t) => t.speaker === 'agent');
  expect(agentLines.length).toBeGreaterThanOrEqual(2);
  expect(turns.map((t) => t.text).join(' ')).toContain('без выходных');
  expect(turns.find((t) => t.speaker === 'caller')?.text).toBe('2');
  const greeting = agentLines[0]!;
  expect(greeting.startMs).toEqual(expect.any(Number));
  expect(greeting.timings).toMatchObject({ runtimeMs: expect.any(Number), firstAudioMs: expect.any(Number) });
  expect(call!.path.length).toBeGreaterThan(1);
  expect(call!.durationMs).toBeGreaterThan(3000);
  expect(await db().callEvent.count({ where: { callId: call!.id, type: 'dtmf' } })).toBeGreaterThan(0);
}, 90_000);
