// SMS over SMPP 3.4 against a local SMSC (tests/support/local-smsc.ts, the `smpp` package's server), the real
// database and a real BullMQ worker: submit_sm with the right data_coding and a delivery receipt that settles
// the message; a long Cyrillic text in UCS-2 parts with a concatenation UDH; a refused bind explained; the
// link kept alive by enquire_link, bound again after the SMSC drops it, and a reply СТОП that opts out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import { db, disconnectDb } from '#server/db.ts';
import { closeQueues, createWorker, QUEUES } from '#server/queues.ts';
import { createLogger } from '#server/logger.ts';
import { createChannel } from '#server/messaging/channels.server.ts';
import { enqueueMessage, getMessage } from '#server/messaging/messages.server.ts';
import { closeSmppLinks } from '#server/messaging/smpp-links.server.ts';
import { SmppLink } from '#server/messaging/providers/smpp-link.ts';
import { jobProcessor, type JobHandlers } from '../job-processor.ts';
import { messagingHandlers } from './message-jobs.ts';
import { addMember, createProject, createUser } from '../../tests/support/factories.ts';
import { startLocalSmsc, type LocalSmsc } from '../../tests/support/local-smsc.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
let smsc: LocalSmsc;
let projectId: string;
let ownerId: string;
let worker: Worker;

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

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}
const statusIs = (id: string, statuses: string[]) =>
  until(
    () => getMessage(projectId, id),
    (m) => statuses.includes(m.status),
    `${id} in ${statuses.join('/')}`,
  );

const smppChannel = (name: string, password = 'smpp-pw') =>
  createChannel(ctx(), {
    name,
    kind: 'smpp',
    settings: { host: smsc.host, port: smsc.port, tls: 'none', user: 'clinic', from: 'Clinic' },
    secret: password,
  });

beforeAll(async () => {
  smsc = await startLocalSmsc();
  process.env.MESSAGING_ALLOW_HOSTS = '127.0.0.1';
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
    2,
  );
});

afterAll(async () => {
  await worker.close();
  await closeSmppLinks();
  await smsc.close();
  await closeQueues();
  await disconnectDb();
});

describe('SMS over SMPP', () => {
  it('submits with the right data coding and the delivery receipt marks the message delivered', async () => {
    const channel = await smppChannel('SMPP');
    const latin = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+7 916 000-00-11',
      text: 'Booking at 10:30 [room 2]',
      variables: {},
    });
    const delivered = await statusIs(latin.message.id, ['delivered', 'failed']);
    expect(delivered.status).toBe('delivered');
    const part = smsc.parts.find((p) => p.to === '79160000011')!;
    expect(part).toMatchObject({
      from: 'Clinic',
      dataCoding: 0,
      esmClass: 0,
      concat: null,
      text: 'Booking at 10:30 [room 2]',
      registeredDelivery: 1,
    });
    expect(delivered.providerId).toBe(part.messageId);

    const cyrillic = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000012',
      text: 'Запись подтверждена',
      variables: {},
    });
    await statusIs(cyrillic.message.id, ['delivered']);
    expect(smsc.parts.find((p) => p.to === '79160000012')).toMatchObject({
      dataCoding: 8,
      text: 'Запись подтверждена',
    });
  });

  it('cuts a long Cyrillic text into 67-character UCS-2 parts joined by one concatenation header', async () => {
    const channel = await smppChannel('SMPP long');
    const text = `Здравствуйте! ${'Ждём вас завтра в клинике на Ленина, 5. '.repeat(4)}`.trim();
    expect(text.length).toBeGreaterThan(134);
    expect(text.length).toBeLessThanOrEqual(201);
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000013',
      text,
      variables: {},
    });
    expect(message.segments).toBe(3);
    await statusIs(message.id, ['delivered']);
    const parts = smsc.parts.filter((p) => p.to === '79160000013');
    expect(parts).toHaveLength(3);
    const reference = parts[0]!.concat![0];
    expect(parts.map((p) => p.concat)).toEqual([
      [reference, 3, 1],
      [reference, 3, 2],
      [reference, 3, 3],
    ]);
    expect(parts.every((p) => p.dataCoding === 8 && p.esmClass === 0x40)).toBe(true);
    expect(parts.map((p) => p.text.length)).toEqual([67, 67, text.length - 134]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    // Only the last part asks for a receipt: its id is the message's.
    expect(parts.map((p) => p.registeredDelivery)).toEqual([0, 0, 1]);
    expect((await getMessage(projectId, message.id)).providerId).toBe(parts[2]!.messageId);
  });

  it('explains a refused bind and fails without retrying; a throttled submit is retried', async () => {
    const wrong = await smppChannel('SMPP wrong password', 'nope');
    const { message } = await enqueueMessage(projectId, {
      channelId: wrong.id,
      to: '+79160000014',
      text: 'x',
      variables: {},
    });
    const failed = await statusIs(message.id, ['failed', 'sent']);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      reason: 'SMPP bind refused: ESME_RINVPASWD: the password is wrong',
    });

    const channel = await smppChannel('SMPP throttled');
    smsc.refuseNext(1, 0x58);
    const throttled = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000015',
      text: 'y',
      variables: {},
    });
    expect(await statusIs(throttled.message.id, ['delivered', 'failed'])).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
  });

  it('keeps the link alive, binds again after a drop, and a reply СТОП opts the number out', async () => {
    const link = new SmppLink({
      host: smsc.host,
      port: smsc.port,
      tls: false,
      systemId: 'clinic',
      password: 'smpp-pw',
      allowHosts: ['127.0.0.1'],
      enquireLinkMs: 100,
      onDeliver: () => undefined,
    });
    const before = smsc.enquireLinks;
    await link.ready();
    await until(
      async () => smsc.enquireLinks,
      (n) => n >= before + 2,
      'enquire_link answered',
    );
    await link.close();

    const channel = await smppChannel('SMPP replies');
    const first = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000016',
      text: 'Привет',
      variables: {},
    });
    await statusIs(first.message.id, ['delivered']);
    const binds = smsc.binds;
    smsc.dropLinks();
    await until(
      async () => smsc.binds,
      (n) => n > binds,
      'bound again',
    );
    smsc.reply('79160000016', 'СТОП');
    await until(
      () => db().dncEntry.findFirst({ where: { projectId, phone: '+79160000016' } }),
      (row) => row !== null,
      'opted out',
    );
    const later = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: '+79160000016',
      text: 'Ещё раз',
      variables: {},
    });
    expect(await statusIs(later.message.id, ['refused', 'sent', 'delivered'])).toMatchObject({
      status: 'refused',
    });
  });
});
