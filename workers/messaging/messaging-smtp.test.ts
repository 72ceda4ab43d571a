// E-mail over SMTP against a real SMTP server on loopback (tests/support/local-smtp-server.ts), the real
// database and a real BullMQ worker: a template's subject and text are filled and sent with the sealed login,
// one idempotency key sends once, a 4xx answer is retried and a 5xx fails with the server's words, a wrong
// password fails without retrying, and a private server not on MESSAGING_ALLOW_HOSTS is refused at save.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import { db, disconnectDb } from '#server/db.ts';
import { ServiceError } from '#server/errors/service-error.ts';
import { closeQueues, createWorker, QUEUES } from '#server/queues.ts';
import { createLogger } from '#server/logger.ts';
import { channelInput, createChannel } from '#server/messaging/channels.server.ts';
import { enqueueMessage, getMessage } from '#server/messaging/messages.server.ts';
import { createTemplate } from '#server/messaging/templates.server.ts';
import { smtpOutcome } from '#server/messaging/providers/smtp.ts';
import { jobProcessor, type JobHandlers } from '../job-processor.ts';
import { messagingHandlers } from './message-jobs.ts';
import { addMember, createProject, createUser } from '../../tests/support/factories.ts';
import { startLocalSmtpServer, type LocalSmtpServer } from '../../tests/support/local-smtp-server.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
let smtp: LocalSmtpServer;
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

async function settled(id: string) {
  for (let i = 0; i < 400; i++) {
    const m = await getMessage(projectId, id);
    if (['sent', 'delivered', 'failed', 'refused', 'review'].includes(m.status)) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`message ${id} never settled`);
}

const mailChannel = (name: string, password = 'mail-secret') =>
  createChannel(ctx(), {
    name,
    kind: 'smtp',
    settings: {
      host: smtp.host,
      port: smtp.port,
      tls: 'none',
      user: 'mailer',
      from: 'Clinic <desk@clinic.test>',
    },
    secret: password,
  });

beforeAll(async () => {
  smtp = await startLocalSmtpServer();
  process.env.MESSAGING_ALLOW_HOSTS = '127.0.0.1';
  const owner = await createUser(db());
  ownerId = owner.id;
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
  await smtp.close();
  await closeQueues();
  await disconnectDb();
});

describe('e-mail over SMTP', () => {
  it('sends a template with its subject through the server with the sealed login, once per key', async () => {
    const channel = await mailChannel('Mail');
    expect(JSON.stringify(channel)).not.toContain('mail-secret');
    const template = await createTemplate(ctx(), {
      channelId: channel.id,
      name: 'Booking',
      language: 'en',
      subject: 'Booking at {{time}}',
      body: 'Dear {{contact.name}}, see you at {{time}}.',
      variables: [],
    });
    const input = {
      channelId: channel.id,
      to: 'Anna@Example.test',
      templateId: template.id,
      variables: { time: '10:30', 'contact.name': 'Anna' },
      idempotencyKey: 'mail-1',
    };
    const first = await enqueueMessage(projectId, input);
    const again = await enqueueMessage(projectId, input);
    expect(again).toMatchObject({ created: false, message: { id: first.message.id } });
    const sent = await settled(first.message.id);
    expect(sent).toMatchObject({ status: 'sent', subject: 'Booking at 10:30', to: 'anna@example.test' });
    const mails = smtp.mails.filter((m) => m.to.includes('anna@example.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'desk@clinic.test', user: 'mailer' });
    expect(mails[0]!.raw).toContain('Subject: Booking at 10:30');
    expect(mails[0]!.raw).toContain('Dear Anna, see you at 10:30.');
    // The Message-ID carries our id, so a duplicate is recognisable downstream.
    expect(mails[0]!.raw).toContain(`Message-ID: <${sent.id}@clinic.test>`);
    expect(sent.providerId).toBe(`<${sent.id}@clinic.test>`);
  });

  it('retries a 4xx answer and sends; fails a 5xx with the server words, without retrying', async () => {
    const channel = await mailChannel('Mail retry');
    smtp.refuseNext(1, 451, 'Mailbox busy, try later');
    const later = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: 'later@example.test',
      text: 'Hello',
      subject: 'Hi',
      variables: {},
    });
    expect(await settled(later.message.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.mails.filter((m) => m.to.includes('later@example.test'))).toHaveLength(1);

    smtp.refuseNext(1, 550, 'No such user here');
    const never = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: 'nobody@example.test',
      text: 'Hello',
      variables: {},
    });
    const failed = await settled(never.message.id);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/^SMTP 550: .*No such user here/);
    expect(failed.attempts).toBe(1);
  });

  it('fails at once on a wrong password and refuses a non-address recipient before queueing', async () => {
    const channel = await mailChannel('Mail wrong password', 'not-the-password');
    const { message } = await enqueueMessage(projectId, {
      channelId: channel.id,
      to: 'x@example.test',
      text: 'x',
      variables: {},
    });
    const failed = await settled(message.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.reason).toMatch(/535|EAUTH/);
    await expect(
      enqueueMessage(projectId, { channelId: channel.id, to: '+79160000000', text: 'x', variables: {} }),
    ).rejects.toMatchObject({ fields: { to: ['Not an e-mail address'] } });
  });

  it('refuses a private server that is not allowed, and incomplete settings', async () => {
    await expect(
      createChannel(ctx(), {
        name: 'Inside',
        kind: 'smtp',
        settings: { host: '10.1.2.3', port: 25, tls: 'none', from: 'a@b.test' },
      }),
    ).rejects.toBeInstanceOf(ServiceError);
    const parsed = channelInput.safeParse({ name: 'x', kind: 'smtp', settings: { host: 'mail.test' } });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['settings.port', 'settings.tls', 'settings.from']));
  });

  it('sorts answers as RFC 5321 does: 5xx permanent, 4xx and lost links retried', () => {
    expect(smtpOutcome({ responseCode: 552, response: '552 too big' })).toMatchObject({ retryable: false });
    expect(smtpOutcome({ responseCode: 421, response: '421 closing' })).toMatchObject({ retryable: true });
    expect(smtpOutcome({ code: 'ECONNECTION', command: 'CONN' })).toMatchObject({
      retryable: true,
      unknown: false,
    });
    expect(smtpOutcome({ code: 'ETIMEDOUT', command: 'DATA' })).toMatchObject({ unknown: true });
  });
});
