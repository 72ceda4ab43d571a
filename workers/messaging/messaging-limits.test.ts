// Per-channel limits in the send worker, kept in Redis (the real worker, database and Redis; SMS.ru spoken by
// the local fake provider): a per-recipient daily cap refuses the message beyond it with the reason recorded,
// while other recipients still get theirs; a provider rate makes sends wait for the next second, not fail; a
// batch is claimed and marked sent together, and a provider 5xx in it is retried alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import { db, disconnectDb } from '#server/db.ts';
import { closeQueues, createWorker, QUEUES } from '#server/queues.ts';
import { createLogger } from '#server/logger.ts';
import { createChannel } from '#server/messaging/channels.server.ts';
import { enqueueMessage, enqueueMessages, getMessage } from '#server/messaging/messages.server.ts';
import { jobProcessor, type JobHandlers } from '../job-processor.ts';
import { messagingHandlers } from './message-jobs.ts';
import { addMember, createProject, createUser } from '../../tests/support/factories.ts';
import {
  startFakeMessagingProvider,
  type FakeProvider,
} from '../../tests/support/fake-messaging-provider.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
let fake: FakeProvider;
let projectId: string;
let ownerId: string;
let worker: Worker;

const ctx = () => ({
  access: {
    actor: { type: 'user' as const, id: ownerId, user: { id: ownerId, email: 'o@test.local', name: null } },
    user: { id: ownerId, email: 'o@test.local', name: null },
    projectId,
    role: 'owner' as const,
  },
  client: { ip: '127.0.0.1', userAgent: 'test' },
});

async function settled(id: string) {
  for (let i = 0; i < 300; i++) {
    const m = await getMessage(projectId, id);
    if (['sent', 'delivered', 'failed', 'refused'].includes(m.status)) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`message ${id} never settled`);
}

beforeAll(async () => {
  fake = await startFakeMessagingProvider();
  process.env.SMSRU_API_URL = fake.url;
  ownerId = (await createUser(db())).id;
  projectId = (await createProject(db())).id;
  await addMember(db(), projectId, ownerId, 'owner');
  worker = createWorker(
    config,
    QUEUES.messaging,
    jobProcessor(
      QUEUES.messaging,
      messagingHandlers() as unknown as JobHandlers,
      createLogger('test', 'silent'),
    ),
    4,
  );
});

afterAll(async () => {
  await worker.close();
  await fake.close();
  await closeQueues();
  await disconnectDb();
});

describe('channel limits', () => {
  it('refuses a third message in a day to one number when the cap is two, with the reason', async () => {
    const channel = await createChannel(ctx(), {
      name: 'Capped',
      kind: 'smsru',
      settings: { perRecipientDaily: 2 },
      secret: 'key-capped',
    });
    const send = (to: string, text: string) =>
      enqueueMessage(projectId, { channelId: channel.id, to, text, variables: {} });
    const first = await send('+79160000021', 'one');
    expect((await settled(first.message.id)).status).toBe('sent');
    const second = await send('+79160000021', 'two');
    expect((await settled(second.message.id)).status).toBe('sent');
    const third = await send('+79160000021', 'three');
    expect(await settled(third.message.id)).toMatchObject({
      status: 'refused',
      reason: 'cap: 2 a day to one recipient through Capped',
    });
    const other = await send('+79160000022', 'other');
    expect((await settled(other.message.id)).status).toBe('sent');
    expect(fake.sent.filter((s) => s.credential === 'key-capped').map((s) => s.text)).toEqual([
      'one',
      'two',
      'other',
    ]);
  });

  it('holds sends to the provider rate: three at one a second take two seconds, none fails', async () => {
    const channel = await createChannel(ctx(), {
      name: 'Slow',
      kind: 'smsru',
      settings: { ratePerSecond: 1 },
      secret: 'key-slow',
    });
    const queued = await enqueueMessages(
      projectId,
      ['+79160000031', '+79160000032', '+79160000033'].map((to) => ({
        channelId: channel.id,
        to,
        text: 'rate',
        variables: {},
      })),
    );
    const done = await Promise.all(queued.map((q) => settled(q.message.id)));
    expect(done.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
    const times = done.map((m) => Date.parse(m.sentAt!)).sort((a, b) => a - b);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1_900);
  });

  it('sends a batch together; a provider 5xx in it is retried alone and nothing is sent twice', async () => {
    const channel = await createChannel(ctx(), {
      name: 'Batch',
      kind: 'smsru',
      settings: {},
      secret: 'key-batch',
    });
    fake.failNext(1);
    const queued = await enqueueMessages(
      projectId,
      Array.from({ length: 60 }, (_, i) => ({
        channelId: channel.id,
        to: `+7916100${String(i).padStart(4, '0')}`,
        text: `batch ${i}`,
        variables: {},
      })),
    );
    const done = await Promise.all(queued.map((q) => settled(q.message.id)));
    expect(done.every((m) => m.status === 'sent' && m.providerId)).toBe(true);
    expect(done.map((m) => m.attempts).sort()).toEqual([...Array(59).fill(1), 2]);
    const sent = fake.sent.filter((s) => s.credential === 'key-batch');
    expect(sent).toHaveLength(60);
    expect(new Set(sent.map((s) => s.to)).size).toBe(60);
  });
});

describe('delivery reports of a batch', () => {
  it('asks SMS.ru about many messages in one request and marks them delivered together', async () => {
    const { checkDeliveryMany } = await import('#server/messaging/send-message.server.ts');
    const channel = await createChannel(ctx(), {
      name: 'Reports',
      kind: 'smsru',
      settings: {},
      secret: 'key-reports',
    });
    const queued = await enqueueMessages(
      projectId,
      Array.from({ length: 5 }, (_, i) => ({
        channelId: channel.id,
        to: `+7916200000${i}`,
        text: 'dlr',
        variables: {},
      })),
    );
    const ids = queued.map((q) => q.message.id);
    await Promise.all(ids.map((id) => settled(id)));
    const asked = fake.statusRequests;
    expect(await checkDeliveryMany({ db: db() }, ids)).toEqual({ pending: 0, delivered: 5, failed: 0 });
    expect(fake.statusRequests - asked).toBe(1);
    for (const id of ids) expect((await getMessage(projectId, id)).status).toBe('delivered');
  });
});
