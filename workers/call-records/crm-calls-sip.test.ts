// Calls write to the built-in CRM (issue 23): a real baresip call from a number creates the contact with
// the call on its timeline; the next call from the same number is greeted by name through the CRM node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPendingAnalyses } from '#server/calls/post-call-analysis.server.ts';
import { updateContact } from '#server/crm/contacts.server.ts';
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

// The demo receptionist as seeded: its first node is the CRM's Find contact.
const demoReceptionist = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../app/agent-templates/demo-receptionist.ru.json'), 'utf8'),
) as object;

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const stream = `events:calls:crm-${crypto.randomUUID().slice(0, 6)}`;
const redis = createRedis(config);
const consumerRedis = createRedis(config);
let stack: VoiceStack;
let consumer: CallEventsConsumer;
let projectId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'CRM calls')).id;
  await createPublishedAgent(db(), projectId, {
    name: 'Demo receptionist',
    language: 'ru',
    graph: demoReceptionist,
    address: 'crm-demo',
  });
  forgetRoutes();
  const logger = createLogger('crm-sip-test', 'silent');
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

/** One call from the number until the flow hangs up; then the worker files and analyses it. */
async function callFrom(user: string, ended: number) {
  const frames = toneFrames(300, 40_000, 20);
  const pcm = new Int16Array(frames.length * 160);
  frames.forEach((f, i) => pcm.set(f, i * 160));
  const peer = await startBaresip({ sourcePcm: pcm, user });
  try {
    await peer.command('dial', `sip:crm-demo@127.0.0.1:${stack.sip.port}`);
    await peer.waitFor('CALL_ESTABLISHED', 10_000);
    // The greeting and the menu, then "2" (opening hours), after which the demo says goodbye.
    await new Promise((r) => setTimeout(r, 5000));
    await peer.command('sndcode', '2');
    await peer.waitFor('CALL_CLOSED', 40_000);
  } finally {
    await peer.quit().catch(() => undefined);
  }
  const deadline = Date.now() + 20_000;
  while ((await db().call.count({ where: { projectId, status: 'ended' } })) < ended && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  while ((await runPendingAnalyses(db(), undefined, 10, projectId)) > 0);
  return db().call.findFirstOrThrow({
    where: { projectId },
    orderBy: { startedAt: 'desc' },
    include: { turns: { orderBy: { seq: 'asc' } } },
  });
}

it('a first call creates the contact and its timeline entry; the second is greeted by name', async () => {
  // The carrier sends the Russian trunk format; the CRM stores E.164.
  const first = await callFrom('89035550101', 1);
  expect(first.turns.find((t) => t.speaker === 'agent')?.text).toContain('Вы позвонили');
  const contact = await db().crmContact.findFirstOrThrow({
    where: { projectId, phones: { has: '+79035550101' } },
  });
  expect(contact.source).toBe('call');
  const activities = await db().crmActivity.findMany({ where: { contactId: contact.id } });
  expect(activities).toMatchObject([{ type: 'call', callId: first.id, data: { direction: 'inbound' } }]);

  // Someone fills in the name after the first call.
  await updateContact(null, projectId, contact.id, { name: 'Анна Смирнова' });

  const second = await callFrom('89035550101', 2);
  expect(second.id).not.toBe(first.id);
  const greeting = second.turns.find((t) => t.speaker === 'agent')!;
  expect(greeting.text).toContain('Здравствуйте, Анна! Рады снова вас слышать.');
  expect(second.variables).toMatchObject({ contact: { id: contact.id, first_name: 'Анна' } });
  expect(await db().crmActivity.count({ where: { contactId: contact.id, type: 'call' } })).toBe(2);
  expect(await db().crmContact.count({ where: { projectId } })).toBe(1);
}, 120_000);
