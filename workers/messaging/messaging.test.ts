// Messaging against a local server speaking the SMS.ru and Telegram Bot API shapes, the real database and a
// real BullMQ queue and worker: the same idempotency key sends once, a provider 5xx is retried until it
// succeeds, a DNC number is refused with its reason, quiet hours defer to the morning in the recipient's zone,
// a missing template variable is refused before anything is queued, and secrets never leave the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, disconnectDb } from '#server/db.ts';
import { ServiceError } from '#server/errors/service-error.ts';
import { closeQueues, createWorker, QUEUES } from '#server/queues.ts';
import { jobProcessor } from '../job-processor.ts';
import { messagingHandlers } from './message-jobs.ts';
import { createLogger } from '#server/logger.ts';
import { addMember, createProject, createUser } from '../../tests/support/factories.ts';
import {
  startFakeMessagingProvider,
  type FakeProvider,
} from '../../tests/support/fake-messaging-provider.ts';
import { channelSecrets, createChannel, listChannels } from '#server/messaging/channels.server.ts';
import { enqueueMessage, getMessage } from '#server/messaging/messages.server.ts';
import { checkDelivery, sendQueuedMessage } from '#server/messaging/send-message.server.ts';
import { createTemplate } from '#server/messaging/templates.server.ts';
import type { JobHandlers } from '../job-processor.ts';
import type { Worker } from 'bullmq';
import { issueInboundUrl } from '#server/messaging/inbound.server.ts';
import { smscProvider } from '#server/messaging/providers/smsc.ts';
import { serveRoute } from '../../tests/support/serve-route.ts';
import * as inboundRoute from '../../app/routes/api.v1.messaging.inbound.$token.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
let fake: FakeProvider;
let projectId: string;
let ownerId: string;
let worker: Worker;
let inbound: { url: string; close: () => Promise<void> };

function ctx() {
  return {
    access: {
      actor: { type: 'user' as const, id: ownerId, user: { id: ownerId, email: 'o@test.local', name: null } },
      user: { id: ownerId, email: 'o@test.local', name: null },
      projectId,
      role: 'owner' as const,
    },
    client: { ip: '127.0.0.1', userAgent: 'test' },
  };
}

async function settled(id: string, statuses: string[] = ['sent', 'delivered', 'failed', 'refused']) {
  for (let i = 0; i < 300; i++) {
    const m = await getMessage(projectId, id);
    if (statuses.includes(m.status)) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`message ${id} never settled`);
}

beforeAll(async () => {
  fake = await startFakeMessagingProvider();
  process.env.SMSRU_API_URL = fake.url;
  process.env.TELEGRAM_API_URL = fake.url;
  process.env.SMSC_API_URL = fake.url;
  // Our callback route over real HTTP: the fake provider calls the URL we register with it.
  inbound = await serveRoute(inboundRoute, '/api/v1/messaging/inbound/:token');
  process.env.PUBLIC_URL = inbound.url;
  const owner = await createUser(db());
  ownerId = owner.id;
  const project = await createProject(db());
  projectId = project.id;
  await addMember(db(), projectId, ownerId, 'owner');
  const handlers = messagingHandlers() as unknown as JobHandlers;
  worker = createWorker(
    config,
    QUEUES.messaging,
    jobProcessor(QUEUES.messaging, handlers, createLogger('test', 'silent')),
    4,
  );
});

afterAll(async () => {
  await worker.close();
  await fake.close();
  await inbound.close();
  await closeQueues();
  await disconnectDb();
});

describe('messaging channels', () => {
  it('seals the secret and never answers it', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMS',
      kind: 'smsru',
      settings: { from: 'Clinic' },
      secret: 'api-id-123',
    });
    expect(JSON.stringify(channel)).not.toContain('api-id-123');
    expect(JSON.stringify(await listChannels(projectId))).not.toContain('api-id-123');
    const row = await db().messagingChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(await channelSecrets().reveal(projectId, row.credentialId!)).toBe('api-id-123');
    const stored = await db().credential.findUniqueOrThrow({ where: { id: row.credentialId! } });
    expect(JSON.stringify(stored)).not.toContain('api-id-123');
  });
});

describe('sending', () => {
  it('sends an SMS through SMS.ru once for one idempotency key, then reads its delivery report', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMS once',
      kind: 'smsru',
      settings: {},
      secret: 'key-once',
    });
    const input = {
      channelId: channel.id,
      to: '+7 916 000-00-01',
      text: 'Запись подтверждена',
      idempotencyKey: 'booking-1',
      variables: {},
    };
    const first = await enqueueMessage(projectId, input);
    const second = await enqueueMessage(projectId, input);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.message.id).toBe(first.message.id);
    const sent = await settled(first.message.id);
    expect(sent.status).toBe('sent');
    expect(fake.sent.filter((s) => s.credential === 'key-once')).toHaveLength(1);
    expect(fake.sent.find((s) => s.credential === 'key-once')).toMatchObject({
      to: '79160000001',
      text: 'Запись подтверждена',
    });
    expect(await checkDelivery({ db: db() }, sent.id)).toBe('delivered');
    expect((await getMessage(projectId, sent.id)).status).toBe('delivered');
  });

  it('retries after a provider 5xx and sends once it answers', async () => {
    const channel = await createChannel(ctx(), {
      name: 'TG',
      kind: 'telegram',
      settings: {},
      secret: '123:tok',
    });
    fake.failNext(1);
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '4242',
      text: 'Ссылка: https://x.test',
      variables: {},
    });
    const sent = await settled(message.id);
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBe(2);
    expect(fake.sent.filter((s) => s.credential === '123:tok')).toHaveLength(1);
  });

  it('fails with the provider reason on a final error', async () => {
    const channel = await createChannel(ctx(), {
      name: 'TG bad',
      kind: 'telegram',
      settings: {},
      secret: '9:tok',
    });
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '0',
      text: 'x',
      variables: {},
    });
    const failed = await settled(message.id);
    expect(failed).toMatchObject({ status: 'failed', reason: 'Telegram 400: Bad Request: chat not found' });
  });

  it('refuses a number on the DNC list with the reason recorded', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMS dnc',
      kind: 'smsru',
      settings: {},
      secret: 'key-dnc',
    });
    await db().dncEntry.create({
      data: { projectId, phone: '+79160000002', reason: 'asked not to', source: 'manual' },
    });
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000002',
      text: 'hi',
      variables: {},
    });
    const refused = await settled(message.id);
    expect(refused).toMatchObject({ status: 'refused', reason: 'dnc: asked not to' });
    expect(fake.sent.filter((s) => s.credential === 'key-dnc')).toHaveLength(0);
  });

  it('defers a message in quiet hours to the morning in the recipient zone', async () => {
    const project = await createProject(db());
    await db().complianceSettings.create({
      data: { projectId: project.id, preset: 'ru_230fz', quietHours: {} },
    });
    const channel = await db().messagingChannel.create({
      data: { projectId: project.id, name: 'q', kind: 'smsru' },
    });
    // A Novosibirsk number (+7 383): at 23:30 local time (16:30 UTC, a Tuesday) the 230-ФЗ window is closed.
    const message = await db().message.create({
      data: { projectId: project.id, channelId: channel.id, recipient: '+73832000000', body: 'Напоминание' },
    });
    const requeued: number[] = [];
    const result = await sendQueuedMessage(
      {
        db: db(),
        now: () => new Date('2026-12-08T16:30:00Z'),
        requeue: async (_id, ms) => void requeued.push(ms),
      },
      message.id,
      false,
    );
    // 08:00 on Wednesday in Novosibirsk (UTC+7) is 01:00 UTC.
    expect(result).toEqual({ status: 'deferred', until: new Date('2026-12-09T01:00:00Z') });
    expect(requeued).toEqual([8.5 * 3600_000]);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('queued');
    expect(row.reason).toBe('quiet_hours: Asia/Novosibirsk');
  });

  it('refuses a template whose variable is missing before anything is queued', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMS tpl',
      kind: 'smsru',
      settings: {},
      secret: 'key-tpl',
    });
    const template = await createTemplate(ctx(), {
      channelId: channel.id,
      name: 'Booking',
      language: 'ru',
      subject: '',
      body: 'Вы записаны на {{time}} к {{doctor}}',
      variables: [{ name: 'doctor', type: 'string', default: 'врачу' }],
    });
    expect(template.preview.sms.encoding).toBe('ucs2');
    const before = await db().message.count({ where: { projectId } });
    const refused = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000003',
      templateId: template.id,
      variables: {},
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).fields).toEqual({ variables: ['Missing: time'] });
    expect(await db().message.count({ where: { projectId } })).toBe(before);
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000003',
      templateId: template.id,
      variables: { time: '15:00' },
    });
    expect(message.text).toBe('Вы записаны на 15:00 к врачу');
    expect((await settled(message.id)).status).toBe('sent');
  });
});

describe('replies and opt-out', () => {
  const unix = () => String(Math.floor(Date.now() / 1000));

  it('an SMS reply СТОП puts the number on the DNC list once, and later sends to it are refused', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMS replies',
      kind: 'smsru',
      settings: {},
      secret: 'key-stop',
    });
    const row = await db().messagingChannel.findUniqueOrThrow({ where: { id: channel.id } });
    const issued = await issueInboundUrl(row);
    expect(issued.registered).toBe(true);
    expect(fake.smsRuCallbacks.get('key-stop')).toBe(issued.url);

    // A delivery report by callback settles a sent message without polling.
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000044',
      text: 'Напоминание о записи',
      variables: {},
    });
    const sent = await settled(message.id);
    expect(sent.status).toBe('sent');
    const dlr = await fake.smsRuCallback('key-stop', [`sms_status\n${sent.providerId}\n103\n${unix()}`]);
    expect(dlr).toEqual({ status: 200, body: '100' });
    expect((await getMessage(projectId, message.id)).status).toBe('delivered');

    // The reply, repeated by the provider: one inbound row, one DNC entry, one audit entry.
    const reply = `sms_incoming\n9001\n79160000044\nСТОП\n${unix()}`;
    expect(await fake.smsRuCallback('key-stop', [reply])).toEqual({ status: 200, body: '100' });
    expect(await fake.smsRuCallback('key-stop', [reply])).toEqual({ status: 200, body: '100' });
    const replies = await db().inboundMessage.findMany({ where: { channelId: channel.id } });
    expect(replies).toMatchObject([{ sender: '+79160000044', text: 'СТОП', optOut: true }]);
    const dnc = await db().dncEntry.findUniqueOrThrow({
      where: { projectId_phone: { projectId, phone: '+79160000044' } },
    });
    expect(dnc).toMatchObject({ source: 'opt_out', reason: 'opt-out: replied "СТОП" to SMS replies' });
    expect(await db().auditLog.count({ where: { targetId: dnc.id, action: 'dnc.add' } })).toBe(1);

    const before = fake.sent.filter((s) => s.credential === 'key-stop').length;
    const later = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+7 916 000-00-44',
      text: 'Акция!',
      variables: {},
    });
    expect(await settled(later.message.id)).toMatchObject({
      status: 'refused',
      reason: 'dnc: opt-out: replied "СТОП" to SMS replies',
    });
    expect(fake.sent.filter((s) => s.credential === 'key-stop')).toHaveLength(before);
  });

  it('refuses a callback whose SMS.ru hash does not match, and records nothing', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMS forged',
      kind: 'smsru',
      settings: {},
      secret: 'key-forged',
    });
    await issueInboundUrl(await db().messagingChannel.findUniqueOrThrow({ where: { id: channel.id } }));
    const forged = await fake.smsRuCallback('key-forged', [`sms_incoming\n1\n79160000045\nstop\n${unix()}`], {
      hash: 'a'.repeat(64),
    });
    expect(forged.status).toBe(403);
    expect(await db().inboundMessage.count({ where: { channelId: channel.id } })).toBe(0);
    expect(await db().dncEntry.count({ where: { projectId, phone: '+79160000045' } })).toBe(0);
  });

  it('a Telegram /stop opts the chat out; a wrong secret header or an unknown address is refused', async () => {
    const channel = await createChannel(ctx(), {
      name: 'Bot',
      kind: 'telegram',
      settings: {},
      secret: '77:stop',
    });
    const issued = await issueInboundUrl(
      await db().messagingChannel.findUniqueOrThrow({ where: { id: channel.id } }),
    );
    expect(issued.registered).toBe(true);
    const update = {
      update_id: 5001,
      message: { message_id: 1, chat: { id: 4343, type: 'private' }, text: '/stop' },
    };
    expect((await fake.telegramUpdate('77:stop', update, { secret: 'wrong' })).status).toBe(403);
    expect((await fake.telegramUpdate('77:stop', update)).status).toBe(200);
    expect((await fake.telegramUpdate('77:stop', update)).status).toBe(200);
    expect(await db().inboundMessage.count({ where: { channelId: channel.id } })).toBe(1);
    expect(
      await db().dncEntry.findUnique({ where: { projectId_phone: { projectId, phone: 'telegram:4343' } } }),
    ).toMatchObject({ source: 'opt_out' });
    // A chat that only says thanks stays subscribed.
    await fake.telegramUpdate('77:stop', {
      update_id: 5002,
      message: { message_id: 2, chat: { id: 4344 }, text: 'Спасибо!' },
    });
    expect(await db().dncEntry.count({ where: { projectId, phone: 'telegram:4344' } })).toBe(0);

    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '4343',
      text: 'Новости',
      variables: {},
    });
    expect((await settled(message.id)).status).toBe('refused');
    const gone = await fetch(`${inbound.url}/api/v1/messaging/inbound/${'x'.repeat(43)}`, {
      method: 'POST',
      body: '{}',
    });
    expect(gone.status).toBe(404);
  });
});

describe('a worker that stopped mid-send', () => {
  async function stuckMessage(kind: 'smsru' | 'telegram') {
    const channel = await db().messagingChannel.create({ data: { projectId, name: `stuck ${kind}`, kind } });
    // What a crash between the provider accepting and our "sent" leaves: the row claimed, still "sending".
    return db().message.create({
      data: {
        projectId,
        channelId: channel.id,
        recipient: '+79160000050',
        body: 'Запись',
        status: 'sending',
      },
    });
  }
  const noRequeue = async () => {};

  it('asks the provider by our id where it can, and records the send without sending again', async () => {
    const message = await stuckMessage('smsru');
    const sends: string[] = [];
    const provider = async () => ({
      send: async ({ ref }: { ref?: string }) => {
        sends.push(ref ?? '');
        return { ok: true as const, providerId: 'new' };
      },
      lookupByRef: async (ref: string) =>
        ref === message.id
          ? { found: true as const, providerId: 'accepted-before-crash' }
          : { found: false as const },
    });
    const result = await sendQueuedMessage({ db: db(), provider, requeue: noRequeue }, message.id, false);
    expect(result.status).toBe('sent');
    expect(sends).toEqual([]);
    expect(await db().message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: 'sent',
      providerId: 'accepted-before-crash',
    });
  });

  it('sends once when the provider never saw it', async () => {
    const message = await stuckMessage('smsru');
    const sends: string[] = [];
    const provider = async () => ({
      send: async ({ ref }: { ref?: string }) => {
        sends.push(ref ?? '');
        return { ok: true as const, providerId: 'p-1' };
      },
      lookupByRef: async () => ({ found: false as const }),
    });
    expect(
      (await sendQueuedMessage({ db: db(), provider, requeue: noRequeue }, message.id, false)).status,
    ).toBe('sent');
    expect(sends).toEqual([message.id]);
  });

  it('marks it for review where the provider cannot be asked (Telegram), never sending blindly', async () => {
    const message = await stuckMessage('telegram');
    let sends = 0;
    const provider = async () => ({
      send: async () => {
        sends += 1;
        return { ok: true as const, providerId: 'x' };
      },
    });
    const result = await sendQueuedMessage({ db: db(), provider, requeue: noRequeue }, message.id, false);
    expect(result.status).toBe('review');
    expect(sends).toBe(0);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('review');
    expect(row.reason).toMatch(/^review: /);
  });

  it('leaves a timed-out send "sending" so the retry asks first; a refused connection frees it', async () => {
    const message = await db().message.create({
      data: {
        projectId,
        channelId: (
          await db().messagingChannel.create({ data: { projectId, name: 'timeouts', kind: 'smsru' } })
        ).id,
        recipient: '+79160000051',
        body: 'x',
      },
    });
    const failing = (unknown: boolean) => async () => ({
      send: async () => ({ ok: false as const, retryable: true, reason: 'network', unknown }),
    });
    await expect(
      sendQueuedMessage({ db: db(), provider: failing(true), requeue: noRequeue }, message.id, false),
    ).rejects.toThrow('network');
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('sending');
    await db().message.update({ where: { id: message.id }, data: { status: 'queued' } });
    await expect(
      sendQueuedMessage({ db: db(), provider: failing(false), requeue: noRequeue }, message.id, false),
    ).rejects.toThrow('network');
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('queued');
  });
});

describe('SMSC.ru', () => {
  it('sends with our id, reads the delivery status, and refuses a bad number with its words', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMSC',
      kind: 'smsc',
      settings: { from: 'Clinic' },
      secret: 'smsc-key',
    });
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+7 916 000-00-60',
      text: 'Запись подтверждена',
      variables: {},
    });
    const sent = await settled(message.id);
    expect(sent).toMatchObject({ status: 'sent', providerId: `${message.id}@79160000060` });
    expect(fake.sent.filter((s) => s.credential === 'smsc-key')).toMatchObject([
      { provider: 'smsc', to: '79160000060', text: 'Запись подтверждена', id: message.id },
    ]);
    expect(await checkDelivery({ db: db() }, message.id)).toBe('delivered');

    const bad = await createChannel(ctx(), { name: 'SMSC bad', kind: 'smsc', settings: {}, secret: 'bad' });
    const refused = await enqueueMessage(projectId, {
      channelId: bad.id,
      to: '+79160000061',
      text: 'x',
      variables: {},
    });
    expect(await settled(refused.message.id)).toMatchObject({
      status: 'failed',
      reason: 'SMSC.ru 2: authorise error',
    });
  });

  it('after a crash mid-send, finds the message SMSC.ru already took by our id and does not send it again', async () => {
    const channel = await createChannel(ctx(), {
      name: 'SMSC crash',
      kind: 'smsc',
      settings: {},
      secret: 'smsc-crash',
    });
    const message = await db().message.create({
      data: {
        projectId,
        channelId: channel.id,
        recipient: '+79160000062',
        body: 'Напоминание',
        status: 'sending',
      },
    });
    // The provider took it, then the worker stopped before recording "sent".
    const first = await smscProvider({ secret: 'smsc-crash', baseUrl: fake.url }).send({
      to: message.recipient,
      text: message.body,
      ref: message.id,
    });
    expect(first.ok).toBe(true);
    const result = await sendQueuedMessage({ db: db(), requeue: async () => {} }, message.id, false);
    expect(result.status).toBe('sent');
    expect(fake.sent.filter((s) => s.credential === 'smsc-crash')).toHaveLength(1);
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).providerId).toBe(
      `${message.id}@79160000062`,
    );
  });
});
