// Inbound routing through the real voice wiring, called by baresip: a number pinned to an older version
// is answered by that version (not the live one); outside working hours the after-hours message answers;
// closed with nothing after hours is a clean 480.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import { toneFrames } from '../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { createRawSipClient, inviteText, pcmuOffer } from '../sip-gateway/test-support/raw-sip-client.ts';
import { startVoiceStack, type VoiceStack } from '../wiring/voice-stack.ts';

const stream = 'events:calls:routing';
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
let stack: VoiceStack;

const sayFlow = (text: string) => ({
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'say', type: 'say', position: { x: 0, y: 100 }, data: { text } },
    { id: 'end', type: 'end', position: { x: 0, y: 200 }, data: { message: 'Goodbye.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'say' },
    { id: 'e2', source: 'say', sourceHandle: 'next', target: 'end' },
  ],
  settings: { language: 'en' },
});

let pinnedVersionId: string;

beforeAll(async () => {
  const projectId = (await createProject(db(), 'Routing')).id;
  const { agent, version: v1 } = await createPublishedAgent(db(), projectId, {
    name: 'Versions',
    language: 'en',
    graph: sayFlow('Version one speaking.'),
  });
  pinnedVersionId = v1.id;
  const v2 = await db().agentVersion.create({
    data: { agentId: agent.id, projectId, number: 2, graph: sayFlow('Version two speaking.'), settings: {} },
  });
  await db().agent.update({ where: { id: agent.id }, data: { liveVersionId: v2.id } });
  const connection = await db().sipConnection.create({
    data: { projectId, name: 'Trunk', provider: 'generic', host: '127.0.0.1', authMode: 'ip' },
  });
  const closed = { timezone: 'Europe/Moscow', days: {} };
  await db().phoneNumber.createMany({
    data: [
      {
        projectId,
        address: 'pinned',
        agentId: agent.id,
        pinnedVersionId: v1.id,
        connectionId: connection.id,
      },
      {
        projectId,
        address: 'after-hours',
        agentId: agent.id,
        workingHours: closed,
        afterHoursMessage: 'We are closed now, call us tomorrow.',
      },
      { projectId, address: 'closed', agentId: agent.id, workingHours: closed },
    ],
  });
  forgetRoutes();
  stack = await startVoiceStack({
    redis,
    logger: createLogger('routing-test', 'silent'),
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(20) },
    maxCallsPerProject: 5,
    eventsStream: stream,
  });
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  await redis.del(stream);
  await redis.quit();
  await disconnectDb();
});

async function callAndCollect(user: string) {
  const frames = toneFrames(300, 20_000, 20);
  const caller = new Int16Array(frames.length * 160);
  frames.forEach((f, i) => caller.set(f, i * 160));
  const peer = await startBaresip({ sourcePcm: caller });
  try {
    await peer.command('dial', `sip:${user}@127.0.0.1:${stack.sip.port}`);
    await peer.waitFor('CALL_ESTABLISHED', 10_000);
    await peer.waitFor('CALL_CLOSED', 30_000);
  } finally {
    await peer.quit().catch(() => undefined);
  }
  const events = (await redis.xrange(stream, '-', '+')).map(
    ([, f]) => JSON.parse(f[f.indexOf('event') + 1] ?? '{}') as Record<string, unknown>,
  );
  await redis.del(stream);
  return events;
}

describe('inbound routing honours pinned versions and working hours', () => {
  it('a pinned number is answered by the pinned version, not the live one', async () => {
    const events = await callAndCollect('pinned');
    const text = JSON.stringify(events.filter((e) => e.type === 'turn.completed'));
    expect(text).toContain('Version one speaking.');
    expect(text).not.toContain('Version two');
    expect(JSON.stringify(events.find((e) => e.type === 'call.started'))).toContain(pinnedVersionId);
  }, 60_000);

  it('outside working hours the after-hours message answers and hangs up', async () => {
    const events = await callAndCollect('after-hours');
    const text = JSON.stringify(events.filter((e) => e.type === 'turn.completed'));
    expect(text).toContain('We are closed now');
    expect(text).not.toContain('Version');
  }, 60_000);

  it('closed with nothing after hours is refused with 480', async () => {
    const client = await createRawSipClient(stack.sip.port);
    try {
      const callId = `closed-${Date.now()}`;
      client.send(
        inviteText({
          clientPort: client.port,
          gatewayPort: stack.sip.port,
          callId,
          user: 'closed',
          sdp: pcmuOffer(40_002),
        }),
      );
      expect((await client.response(callId, { timeoutMs: 5000 })).status).toBe(480);
    } finally {
      await client.close();
    }
  });
});
